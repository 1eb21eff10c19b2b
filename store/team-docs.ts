/** A member of the evaluation team: signs in to the campaign explorer. The API token is stored as its digest only. */
export interface TeamMemberDoc {
  _id: string;
  name: string;
  apiTokenDigest: string;
  createdAt: Date;
  revokedAt?: Date;
}

/** A team member's single-use sign-in link (by digest) or browser session (by the digest of its cookie). */
export interface TeamAccessDoc {
  _id: string;
  memberId: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt?: Date;
}
