// The node's operations, in the Operation picker's order: the one place that lists them. Adding
// an operation is a module that exports an Operation (operation.ts), a row here, and its tests.
import { createVideo } from './createVideo';
import { getBalance } from './getBalance.operation';
import { extendVideo } from './extendVideo.operation';
import { getTask } from './getTask.operation';
import type { Operation } from './operation';

export const OPERATIONS: Operation[] = [createVideo, extendVideo, getBalance, getTask];

/** The operation of a value of the Operation field, if there is one. */
export const operationNamed = (value: string) =>
	OPERATIONS.find((operation) => operation.option.value === value);
