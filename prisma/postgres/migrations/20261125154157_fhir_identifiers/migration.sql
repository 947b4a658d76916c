-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Encounter" ADD COLUMN     "code" TEXT,
ADD COLUMN     "display" TEXT,
ADD COLUMN     "doctorId" TEXT,
ADD COLUMN     "fhirId" TEXT,
ADD COLUMN     "organizationId" TEXT,
ADD COLUMN     "status" TEXT,
ADD COLUMN     "system" TEXT;

-- AlterTable
ALTER TABLE "Observation" ADD COLUMN     "display" TEXT,
ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Condition" ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Allergy" ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "Medication" ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "MedicationRequest" ADD COLUMN     "code" TEXT,
ADD COLUMN     "fhirId" TEXT,
ADD COLUMN     "system" TEXT;

-- AlterTable
ALTER TABLE "Doctor" ADD COLUMN     "fhirId" TEXT,
ADD COLUMN     "fhirRoleId" TEXT,
ADD COLUMN     "npi" TEXT,
ADD COLUMN     "organizationId" TEXT;

-- AlterTable
ALTER TABLE "ImagingStudy" ADD COLUMN     "fhirId" TEXT;

-- AlterTable
ALTER TABLE "ClinicalNote" ADD COLUMN     "code" TEXT,
ADD COLUMN     "fhirId" TEXT,
ADD COLUMN     "fhirType" TEXT;

-- CreateTable
CREATE TABLE "Organization" (
    "id" TEXT NOT NULL,
    "fhirId" TEXT,
    "name" TEXT NOT NULL,
    "kind" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "partOfId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FhirIdentifier" (
    "id" SERIAL NOT NULL,
    "resourceType" TEXT NOT NULL,
    "fhirId" TEXT NOT NULL,
    "system" TEXT NOT NULL DEFAULT '',
    "value" TEXT NOT NULL,

    CONSTRAINT "FhirIdentifier_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Organization_fhirId_key" ON "Organization"("fhirId");

-- CreateIndex
CREATE INDEX "FhirIdentifier_resourceType_fhirId_idx" ON "FhirIdentifier"("resourceType", "fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "FhirIdentifier_resourceType_system_value_key" ON "FhirIdentifier"("resourceType", "system", "value");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_fhirId_key" ON "Patient"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Encounter_fhirId_key" ON "Encounter"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Observation_fhirId_key" ON "Observation"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Condition_fhirId_key" ON "Condition"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Allergy_fhirId_key" ON "Allergy"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Medication_fhirId_key" ON "Medication"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "MedicationRequest_fhirId_key" ON "MedicationRequest"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Doctor_fhirId_key" ON "Doctor"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "Doctor_fhirRoleId_key" ON "Doctor"("fhirRoleId");

-- CreateIndex
CREATE UNIQUE INDEX "ImagingStudy_fhirId_key" ON "ImagingStudy"("fhirId");

-- CreateIndex
CREATE UNIQUE INDEX "ClinicalNote_fhirType_fhirId_key" ON "ClinicalNote"("fhirType", "fhirId");

-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Encounter" ADD CONSTRAINT "Encounter_doctorId_fkey" FOREIGN KEY ("doctorId") REFERENCES "Doctor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Doctor" ADD CONSTRAINT "Doctor_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_partOfId_fkey" FOREIGN KEY ("partOfId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

