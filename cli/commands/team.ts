import type { Command } from 'commander';
import { withStore } from '../context.js';
import { say } from '../terminal.js';

/** The evaluation team: who may open the campaign explorer. */
export function registerTeamCommands(program: Command): void {
  const team = program.command('team').description('the evaluation team, who sign in to the campaign explorer (apart from reviewers)');

  team
    .command('invite <name>')
    .description('add a team member: prints their single-use sign-in link to the explorer and an API token, once (only digests are stored)')
    .option('--public-url <url>', 'the web app\'s address as the team reaches it (default: MEDEVAL_PUBLIC_URL, else http://127.0.0.1:8300)')
    .option('--json', 'print {member, name, url, apiToken} as JSON')
    .action(async (name: string, options: { publicUrl?: string; json?: boolean }) => {
      const { inviteTeamMember } = await import('../../campaign/team-access.js');
      const invitation = await withStore((db, settings) => inviteTeamMember(db, { name, publicUrl: options.publicUrl ?? settings.publicUrl ?? 'http://127.0.0.1:8300' }));
      if (options.json) say(JSON.stringify(invitation));
      else say(`team member ${invitation.member} (${invitation.name})\nsign-in link (single use): ${invitation.url}\nAPI token (shown once): ${invitation.apiToken}`);
    });

  team
    .command('revoke <member>')
    .description('end a team member\'s access at once: sessions, unused links, API token')
    .action(async (member: string) => {
      const { revokeTeamMember } = await import('../../campaign/team-access.js');
      await withStore((db) => revokeTeamMember(db, member));
      say(`team member ${member} revoked`);
    });
}
