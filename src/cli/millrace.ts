#!/usr/bin/env node
import { Command } from 'commander';
import { runMain } from './run-main.js';
import { serverStart } from './server-start.js';

const program = new Command('millrace')
  .description('Millrace: a Kafka-protocol log broker and Kafka Connect-style runtime')
  .showHelpAfterError();

program
  .command('server-start')
  .description('start a broker from a server.properties file (as kafka-server-start.sh)')
  .argument('<server.properties>', 'broker configuration file')
  .option('--override <key=value>', 'override a property of the file (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .action((file: string, options: { override: string[] }) => runMain(() => serverStart(file, options.override)));

program.parse();
