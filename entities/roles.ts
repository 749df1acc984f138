/** Who may do what. INGEST is for machines that only submit reports. */
export enum Role {
  ADMIN = 'ADMIN',
  ANALYST = 'ANALYST',
  VIEWER = 'VIEWER',
  INGEST = 'INGEST',
}
