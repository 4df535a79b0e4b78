// The node's operations, in the Operation picker's order: the one place that lists them. Adding
// an operation is a module that exports an Operation (operation.ts), a row here, and its tests.
// The Operation picker and the node's subtitle are built here from the table.
import type { INodeProperties } from 'n8n-workflow';

import { createVideo } from './createVideo';
import { getBalance } from './getBalance.operation';
import { extendVideo } from './extendVideo.operation';
import { getTask } from './getTask.operation';
import type { Operation } from './operation';

export const OPERATIONS: Operation[] = [createVideo, extendVideo, getBalance, getTask];

/** The operation of a value of the Operation field, if there is one. */
export const operationNamed = (value: string) =>
	OPERATIONS.find((operation) => operation.option.value === value);

/** The Operation picker, from the table; Create Video by default (a literal: n8n's lint reads it). */
export const operationField: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: OPERATIONS.map(({ option }) => option),
	default: 'createVideo',
};

/** The node's subtitle: the chosen operation's name, as the picker shows it. */
export const OPERATION_SUBTITLE = `={{ ${JSON.stringify(
	Object.fromEntries(OPERATIONS.map(({ option }) => [option.value, option.name])),
)}[$parameter["operation"]] }}`;
