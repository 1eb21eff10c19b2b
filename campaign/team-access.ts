import { randomBytes } from 'node:crypto';
import type { Db } from 'mongodb';
import { newToken, tokenDigest } from '../lib/tokens.js';
import { collections } from '../store/collections.js';
import type { TeamMemberDoc } from '../store/team-docs.js';
import { accessStore, authenticateWith, issueInvite, revokePrincipal, signInUrl, spendInviteToken, type AccessStore, type SignInSecrets } from './access.js';
import { INVITE_TTL_MS, SESSION_TTL_MS } from './review-access.js';

/** Where a team member's sign-in link lands: apart from the reviewers' `/signin`, since the two roles never share a session. */
export const TEAM_SIGNIN_PATH = 'explore/signin';

const teamAccess = (db: Db): AccessStore<TeamMemberDoc> => {
  const { teamMembers, teamInvites, teamSessions } = collections(db);
  return accessStore(teamMembers, teamInvites, teamSessions, 'memberId');
};

/** A new team member: their id and name, and the link and token shown once. */
export interface TeamInvitation extends SignInSecrets {
  member: string;
  name: string;
}

/** Adds a member of the evaluation team: a single-use sign-in link to the explorer and an API token, both stored as digests only. */
export async function inviteTeamMember(db: Db, input: { name: string; publicUrl: string; now?: Date }): Promise<TeamInvitation> {
  const name = input.name.trim();
  if (!name || name.length > 200) throw new Error('NAME: give the team member\'s name (1 to 200 characters)');
  const now = input.now ?? new Date();
  const member = `t-${randomBytes(5).toString('hex')}`;
  const apiToken = newToken();
  await collections(db).teamMembers.insertOne({ _id: member, name, apiTokenDigest: tokenDigest(apiToken), createdAt: now });
  const token = await issueInvite(teamAccess(db), member, INVITE_TTL_MS, now);
  return { member, name, url: signInUrl(input.publicUrl, token, TEAM_SIGNIN_PATH), apiToken };
}

/** Spends a team sign-in link's token, once. */
export async function spendTeamInvite(db: Db, token: string, now = new Date()): Promise<{ sessionToken: string; member: TeamMemberDoc; expiresAt: Date } | null> {
  const session = await spendInviteToken(teamAccess(db), token, SESSION_TTL_MS, now);
  return session && { sessionToken: session.sessionToken, member: session.principal, expiresAt: session.expiresAt };
}

/** The team member behind a session cookie or an API token, or null (a reviewer's credentials are never one). */
export const authenticateTeam = (db: Db, credentials: { sessionToken?: string; apiToken?: string }, now = new Date()): Promise<TeamMemberDoc | null> => authenticateWith(teamAccess(db), credentials, now);

/** Ends a team member's access at once: sessions, unused links, API token. */
export async function revokeTeamMember(db: Db, memberId: string, now = new Date()): Promise<void> {
  if (!(await revokePrincipal(teamAccess(db), memberId, now))) throw new Error(`no active team member ${memberId}`);
}
