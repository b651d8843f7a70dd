#!/usr/bin/env node
import { Command } from 'commander';
import { consoleConsumerOptions, defineConsoleConsumerCommand } from './console-consumer-options.js';
import { runConsoleConsumer } from './console-consumer.js';
import { consoleProducerOptions, defineConsoleProducerCommand } from './console-producer-options.js';
import { runConsoleProducer } from './console-producer.js';
import { consumerGroupsOptions, defineConsumerGroupsCommand } from './consumer-groups-options.js';
import { runConsumerGroups } from './consumer-groups.js';
import { runMain } from './run-main.js';
import { serverStart } from './server-start.js';
import { defineTopicsCommand, topicsOptions } from './topics-options.js';
import { runTopics } from './topics.js';

const program = new Command('millrace')
  .description('Millrace: a Kafka-protocol log broker and Kafka Connect-style runtime')
  .showHelpAfterError();

program
  .command('server-start')
  .description('start a broker from a server.properties file (as kafka-server-start.sh)')
  .argument('<server.properties>', 'broker configuration file')
  .option('--override <key=value>', 'override a property of the file (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
  .action((file: string, options: { override: string[] }) => runMain(() => serverStart(file, options.override)));

// Options are validated inside runMain so that a usage error is printed like every other error.
program.addCommand(defineTopicsCommand().action((raw) => runMain(async () => runTopics(topicsOptions(raw)))));
program.addCommand(defineConsoleProducerCommand().action((raw) => runMain(async () => runConsoleProducer(consoleProducerOptions(raw)))));
program.addCommand(defineConsoleConsumerCommand().action((raw) => runMain(async () => runConsoleConsumer(consoleConsumerOptions(raw)))));
program.addCommand(defineConsumerGroupsCommand().action((raw) => runMain(async () => runConsumerGroups(consumerGroupsOptions(raw)))));

program.parse();
