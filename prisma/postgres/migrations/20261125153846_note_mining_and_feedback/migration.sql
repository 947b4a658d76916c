-- AlterTable
ALTER TABLE "Rating" ADD COLUMN     "feedback" TEXT,
ADD COLUMN     "sentiment" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "ClinicalNote" ADD COLUMN     "minedAt" TIMESTAMP(3),
ADD COLUMN     "minedByJob" TEXT,
ADD COLUMN     "mining" JSONB;

