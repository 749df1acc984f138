import type { Command } from 'commander';
import { runCommand } from '../run-command.js';
import { withServices } from '../with-services.js';

export function registerCreateUser(program: Command): void {
  program
    .command('create-user')
    .description('create a user account (prints a generated password when none is given)')
    .requiredOption('--email <email>', 'the e-mail address to sign in with')
    .requiredOption('--role <role>', 'admin, analyst, viewer or ingest')
    .option('--password <password>', 'the password (at least 12 characters); omit it to have a strong one generated, which keeps it out of shell history')
    .addHelpText('after', '\nExit codes: 0 created, 64 invalid email or role, 65 weak password or the email is taken.')
    .action((options: { email: string; role: string; password?: string }) =>
      runCommand(async (config, logger) => {
        const { normalizeEmail } = await import('../../auth/email.js');
        const { parseRole } = await import('../../auth/roles.js');
        const { assertAcceptablePassword } = await import('../../auth/password-policy.js');

        // Bad input is refused before any database is opened or started.
        const email = normalizeEmail(options.email);
        const role = parseRole(options.role);
        if (options.password !== undefined) assertAcceptablePassword(options.password, email);

        // Logs go to stderr (runCommand): stdout carries the result (and the one-time password).
        await withServices(config, logger, async ({ auth }) => {
          const { user, generatedPassword } = await auth.users.createUser({ email, role, password: options.password });
          process.stdout.write(`created user ${user.email} (${user.role.toLowerCase()}), id ${user.id}\n`);
          if (generatedPassword !== undefined) {
            process.stdout.write(`generated password (shown only now): ${generatedPassword}\n`);
          }
        });
      }),
    );
}
