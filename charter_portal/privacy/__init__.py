"""People's rights over their data under UK GDPR: a copy of what is held about them, erasure,
retention, and the privacy notice. Above every app: it reads and changes what each app holds."""
