-- AlterTable
ALTER TABLE "Job" ADD COLUMN "curve" JSONB;

