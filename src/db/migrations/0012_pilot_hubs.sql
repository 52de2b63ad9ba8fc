-- The three pilot hubs of the VSS. Admins add more through the admin pages.
INSERT INTO hubs (code, name, region, status) VALUES
  ('WM', 'West Midlands', 'CT Policing West Midlands', 'pilot'),
  ('NW', 'North West', 'CT Policing North West', 'pilot'),
  ('LDN', 'London', 'Counter Terrorism Command, London', 'pilot')
ON CONFLICT (code) DO NOTHING;
