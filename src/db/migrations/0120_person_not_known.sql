-- A person's postcode district and first language may be not known (someone with no fixed
-- address, or an officer who does not know their language): NULL, shown as "Not known".
ALTER TABLE people ALTER COLUMN postcode_district DROP NOT NULL;
ALTER TABLE people ALTER COLUMN first_language DROP NOT NULL;
