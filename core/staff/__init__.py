"""Services for staff, built on the domain: decisions on requests (the staff desk) and reports."""
