-- CreateTable
CREATE TABLE "RiskPrediction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "modelVersionId" TEXT NOT NULL,
    "patientId" TEXT NOT NULL,
    "encounterId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "risk" REAL NOT NULL,
    "calibratedRisk" REAL NOT NULL,
    "intervalLower" REAL,
    "intervalUpper" REAL,
    "drivers" JSONB,
    "jobId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RiskPrediction_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RiskPrediction_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RiskPrediction_encounterId_fkey" FOREIGN KEY ("encounterId") REFERENCES "Encounter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "RiskPrediction_patientId_createdAt_idx" ON "RiskPrediction"("patientId", "createdAt");

-- CreateIndex
CREATE INDEX "RiskPrediction_encounterId_createdAt_idx" ON "RiskPrediction"("encounterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskPrediction_jobId_encounterId_key" ON "RiskPrediction"("jobId", "encounterId");

