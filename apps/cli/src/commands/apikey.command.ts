import { Command, Option } from 'commander';
import { ApiKeyRepository, ROLES, type Role } from '@pmed/data';
import type { CliContext, CliOutput } from '../context';

export function apiKeyCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('apikey').description('create, list and revoke API keys for the GraphQL gateway');

  command
    .command('create')
    .description('create an API key; the key is printed once and stored only as a hash')
    .addOption(new Option('--role <role>', 'what the key may do').choices([...ROLES]).makeOptionMandatory())
    .option('--name <name>', 'who or what uses the key', 'unnamed')
    .option('--expires-in-days <days>', 'expire the key after this many days')
    .option('--json', 'print JSON instead of text')
    .action(async (options: { role: Role; name: string; expiresInDays?: string; json?: boolean }) => {
      const expiresAt = options.expiresInDays === undefined ? undefined : daysFromNow(options.expiresInDays);
      const repository = new ApiKeyRepository(await context().db());
      const { key, record } = await repository.create({ name: options.name, role: options.role, expiresAt });
      if (options.json) {
        output.out(JSON.stringify({ key, id: record.id, prefix: record.prefix, role: record.role, name: record.name }));
      } else {
        output.out(key);
        output.err(`created ${record.role} key '${record.name}' (prefix ${record.prefix}); it is shown only now, keep it secret`);
      }
    });

  command
    .command('list')
    .description('list API keys (never the keys themselves)')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const keys = await new ApiKeyRepository(await context().db()).list();
      if (options.json) {
        output.out(JSON.stringify(keys));
        return;
      }
      for (const key of keys) {
        const state = key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt < new Date() ? 'expired' : 'active';
        output.out([key.prefix, key.role.padEnd(10), state.padEnd(7), key.name].join('  '));
      }
    });

  command
    .command('revoke')
    .description('revoke an API key by its id or prefix')
    .argument('<idOrPrefix>', 'the id or prefix that `pmed apikey list` shows')
    .action(async (idOrPrefix: string) => {
      await new ApiKeyRepository(await context().db()).revoke(idOrPrefix);
      output.err(`revoked ${idOrPrefix}`);
    });

  return command;
}

function daysFromNow(raw: string): Date {
  const days = Number(raw);
  if (!Number.isFinite(days) || days <= 0) throw new Error(`--expires-in-days must be a positive number, got '${raw}'`);
  return new Date(Date.now() + days * 86_400_000);
}
