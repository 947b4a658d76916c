-- AlterTable
ALTER TABLE "ClinicalNote" ADD COLUMN "minedAt" DATETIME;
ALTER TABLE "ClinicalNote" ADD COLUMN "minedByJob" TEXT;
ALTER TABLE "ClinicalNote" ADD COLUMN "mining" JSONB;

-- AlterTable
ALTER TABLE "Rating" ADD COLUMN "feedback" TEXT;
ALTER TABLE "Rating" ADD COLUMN "sentiment" REAL;

