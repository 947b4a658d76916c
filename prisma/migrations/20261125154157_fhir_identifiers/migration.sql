-- AlterTable
ALTER TABLE "Allergy" ADD COLUMN "fhirId" TEXT;

-- AlterTable
ALTER TABLE "ClinicalNote" ADD COLUMN "code" TEXT;
ALTER TABLE "ClinicalNote" ADD COLUMN "fhirId" TEXT;
ALTER TABLE "ClinicalNote" ADD COLUMN "fhirType" TEXT;

-- AlterTable
ALTER TABLE "Condition" ADD COLUMN "fhirId" TEXT;

-- AlterTable
ALTER TABLE "ImagingStudy" ADD COLUMN "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Medication" ADD COLUMN "fhirId" TEXT;

-- AlterTable
ALTER TABLE "MedicationRequest" ADD COLUMN "code" TEXT;
ALTER TABLE "MedicationRequest" ADD COLUMN "fhirId" TEXT;
ALTER TABLE "MedicationRequest" ADD COLUMN "system" TEXT;

-- AlterTable
ALTER TABLE "Observation" ADD COLUMN "display" TEXT;
ALTER TABLE "Observation" ADD COLUMN "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN "fhirId" TEXT;

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fhirId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "partOfId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Organization_partOfId_fkey" FOREIGN KEY ("partOfId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FhirIdentifier" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "resourceType" TEXT NOT NULL,
    "fhirId" TEXT NOT NULL,
    "system" TEXT NOT NULL DEFAULT '',
    "value" TEXT NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Doctor" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "fhirId" TEXT,
    "fhirRoleId" TEXT,
    "npi" TEXT,
    "organizationId" TEXT,
    "name" TEXT NOT NULL,
    "specialties" JSONB NOT NULL,
    "languages" JSONB NOT NULL,
    "procedures" JSONB,
    "outcomes" JSONB,
    "openSlots" INTEGER NOT NULL DEFAULT 0,
    "synthetic" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Doctor_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Doctor" ("createdAt", "id", "languages", "name", "openSlots", "outcomes", "procedures", "specialties", "synthetic") SELECT "createdAt", "id", "languages", "name", "openSlots", "outcomes", "procedures", "specialties", "synthetic" FROM "Doctor";
DROP TABLE "Doctor";
ALTER TABLE "new_Doctor" RENAME TO "Doctor";
CREATE UNIQUE INDEX "Doctor_fhirId_key" ON "Doctor"("fhirId");
CREATE UNIQUE INDEX "Doctor_fhirRoleId_key" ON "Doctor"("fhirRoleId");
CREATE TABLE "new_Encounter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "patientId" TEXT NOT NULL,
    "externalId" TEXT,
    "fhirId" TEXT,
    "kind" TEXT NOT NULL,
    "status" TEXT,
    "code" TEXT,
    "system" TEXT,
    "display" TEXT,
    "organizationId" TEXT,
    "doctorId" TEXT,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "descriptors" JSONB,
    "outcomes" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Encounter_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Encounter_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Encounter_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Encounter" ("createdAt", "descriptors", "endedAt", "externalId", "id", "kind", "outcomes", "patientId", "startedAt") SELECT "createdAt", "descriptors", "endedAt", "externalId", "id", "kind", "outcomes", "patientId", "startedAt" FROM "Encounter";
DROP TABLE "Encounter";
ALTER TABLE "new_Encounter" RENAME TO "Encounter";
CREATE UNIQUE INDEX "Encounter_fhirId_key" ON "Encounter"("fhirId");
CREATE INDEX "Encounter_patientId_startedAt_idx" ON "Encounter"("patientId", "startedAt");
CREATE UNIQUE INDEX "Encounter_patientId_externalId_key" ON "Encounter"("patientId", "externalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Organization_fhirId_key" ON "Organization"("fhirId");

-- CreateIndex
CREATE INDEX "FhirIdentifier_resourceType_fhirId_idx" ON "FhirIdentifier"("resourceType", "fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "FhirIdentifier_resourceType_system_value_key" ON "FhirIdentifier"("resourceType", "system", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Allergy_fhirId_key" ON "Allergy"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicalNote_fhirType_fhirId_key" ON "ClinicalNote"("fhirType", "fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Condition_fhirId_key" ON "Condition"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "ImagingStudy_fhirId_key" ON "ImagingStudy"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Medication_fhirId_key" ON "Medication"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "MedicationRequest_fhirId_key" ON "MedicationRequest"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Observation_fhirId_key" ON "Observation"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_fhirId_key" ON "Patient"("fhirId");

