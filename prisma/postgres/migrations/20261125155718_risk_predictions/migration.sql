-- CreateTable
CREATE TABLE "RiskPrediction" (
    "id" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "encounterId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "risk" DOUBLE PRECISION NOT NULL,
    "calibratedRisk" DOUBLE PRECISION NOT NULL,
    "intervalLower" DOUBLE PRECISION,
    "intervalUpper" DOUBLE PRECISION,
    "drivers" JSONB,
    "jobId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RiskPrediction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RiskPrediction_patientId_createdAt_idx" ON "RiskPrediction"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskPrediction_encounterId_createdAt_idx" ON "RiskPrediction"("encounterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskPrediction_jobId_encounterId_key" ON "RiskPrediction"("jobId", "encounterId");

-- AddForeignKey
ALTER TABLE "RiskPrediction" ADD CONSTRAINT "RiskPrediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskPrediction" ADD CONSTRAINT "RiskPrediction_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskPrediction" ADD CONSTRAINT "RiskPrediction_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

