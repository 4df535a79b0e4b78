/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Every name the node's modules export has an importer (in nodes/, credentials/, test/ or
// bench/), and no module re-exports with `export *`: an export nobody imports is a module's
// private helper that looks public, and `export *` makes all of a folder public without saying
// what. Read with TypeScript's own parser; the package's entry classes are n8n's (package.json).
// transport/index.ts exports only what nodes/ and credentials/ use: a test imports the transport
// module it tests.
//
// A namespace import (`import * as ops from './x'`) uses only what is read from it: `ops.name`
// (or `ops['name']`) uses `name`. Where the namespace itself is passed on as a value (the
// router's table `{ createVideo, getTask, getBalance }`), what the consumer can read is the type
// it is passed as (there, the operation's `{ readItem }`): TypeScript's checker gives that type,
// and its members are the names used. A namespace passed where no type says what is read (an
// untyped variable, `any`) fails the test: give the place a type.
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const ENTRY_POINTS = new Set([
	'nodes/Veo3/Veo3.node.ts:Veo3',
	'credentials/Veo3Api.credentials.ts:Veo3Api',
]);
/** What the rest of the node may use of the transport; tests import the module they test. */
const TRANSPORT_INDEX = 'nodes/Veo3/transport/index.ts';

function sourceFiles(folder: string): string[] {
	return fs
		.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
		.map((file) => path.join(folder, file));
}

function resolveModule(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.join(path.dirname(from), specifier);
	return [`${base}.ts`, path.join(base, 'index.ts')].find((file) =>
		fs.existsSync(path.join(root, file)),
	);
}

interface ModuleFacts {
	exported: string[];
	/** `export *` statements. */
	starExports: string[];
}

/** A namespace import used as a value (not `ns.name`): where, and the module it stands for. */
interface NamespaceValue {
	file: string;
	/** Where the identifier starts in the file. */
	start: number;
	target: string;
}

const facts = new Map<string, ModuleFacts>();
/** "file:name" of every export somebody imports (or re-exports by name) → the importing files. */
const importers = new Map<string, Set<string>>();
/** Modules loaded whole by a `require()` whose result is not destructured. */
const requiredWhole = new Set<string>();
const namespaceValues: NamespaceValue[] = [];

function use(target: string, name: string, by: string) {
	const key = `${target}:${name}`;
	if (!importers.has(key)) importers.set(key, new Set());
	importers.get(key)!.add(by);
}

function hasExportModifier(node: ts.Node) {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

/** `ns.name` and `ns['name']` read `name`; anything else passes the namespace on as a value. */
function readFromNamespace(node: ts.Identifier): string | undefined {
	const parent = node.parent;
	if (ts.isPropertyAccessExpression(parent) && parent.expression === node) return parent.name.text;
	if (
		ts.isElementAccessExpression(parent) &&
		parent.expression === node &&
		ts.isStringLiteralLike(parent.argumentExpression)
	)
		return parent.argumentExpression.text;
	return undefined;
}

function readImport(file: string, node: ts.ImportDeclaration, namespaces: Map<string, string>) {
	if (!ts.isStringLiteral(node.moduleSpecifier)) return;
	const target = resolveModule(file, node.moduleSpecifier.text);
	const bindings = node.importClause?.namedBindings;
	if (!target || !bindings) return;
	if (ts.isNamedImports(bindings))
		for (const element of bindings.elements)
			use(target, (element.propertyName ?? element.name).text, file);
	else namespaces.set(bindings.name.text, target);
}

function readExport(file: string, node: ts.ExportDeclaration, own: ModuleFacts) {
	const target =
		node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
			? resolveModule(file, node.moduleSpecifier.text)
			: undefined;
	if (!node.exportClause) {
		own.starExports.push(node.getText());
	} else if (ts.isNamedExports(node.exportClause)) {
		for (const element of node.exportClause.elements) {
			own.exported.push(element.name.text);
			if (target) use(target, (element.propertyName ?? element.name).text, file);
		}
	}
}

/** const { a, b } = require('../nodes/...') as typeof import('...') */
function readRequire(file: string, node: ts.CallExpression, specifier: string) {
	const target = resolveModule(file, specifier);
	if (!target) return;
	let parent: ts.Node = node.parent;
	while (ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent)) parent = parent.parent;
	if (ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name))
		for (const element of parent.name.elements)
			use(target, ((element.propertyName ?? element.name) as ts.Identifier).text, file);
	else requiredWhole.add(target);
}

function read(file: string) {
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const own: ModuleFacts = { exported: [], starExports: [] };
	const namespaces = new Map<string, string>();
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node)) {
			readImport(file, node, namespaces);
		} else if (ts.isExportDeclaration(node)) {
			readExport(file, node, own);
		} else if (
			ts.isCallExpression(node) &&
			ts.isIdentifier(node.expression) &&
			node.expression.text === 'require' &&
			node.arguments[0] &&
			ts.isStringLiteral(node.arguments[0])
		) {
			readRequire(file, node, node.arguments[0].text);
		} else if (hasExportModifier(node)) {
			if (ts.isVariableStatement(node))
				for (const declaration of node.declarationList.declarations)
					own.exported.push((declaration.name as ts.Identifier).text);
			else if ('name' in node && node.name && ts.isIdentifier(node.name as ts.Node))
				own.exported.push((node.name as ts.Identifier).text);
		}
		if (ts.isIdentifier(node) && namespaces.has(node.text) && !ts.isNamespaceImport(node.parent)) {
			const target = namespaces.get(node.text)!;
			const name = readFromNamespace(node);
			if (name !== undefined) use(target, name, file);
			// Checked below with the type checker (also whether it is the namespace at all).
			else namespaceValues.push({ file, start: node.getStart(), target });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	facts.set(file, own);
}

const nodeModules = [...sourceFiles('nodes'), ...sourceFiles('credentials')];
for (const file of [...nodeModules, ...sourceFiles('test'), ...sourceFiles('bench')]) read(file);

function identifierAt(source: ts.SourceFile, start: number): ts.Identifier | undefined {
	const find = (node: ts.Node): ts.Identifier | undefined => {
		if (start < node.getFullStart() || start >= node.getEnd()) return undefined;
		if (ts.isIdentifier(node) && node.getStart() === start) return node;
		return ts.forEachChild(node, find);
	};
	return find(source);
}

/**
 * The names a namespace passed as a value lends to its consumer: the members of the type the
 * place expects (its contextual type). Places with no such type are returned as problems.
 */
function readNamespaceValues(): string[] {
	if (!namespaceValues.length) return [];
	const config = ts.getParsedCommandLineOfConfigFile(
		path.join(root, 'tsconfig.json'),
		{},
		{ ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
	)!;
	const files = [...new Set(namespaceValues.map(({ file }) => path.join(root, file)))];
	const program = ts.createProgram(files, { ...config.options, noEmit: true });
	const checker = program.getTypeChecker();
	const problems: string[] = [];
	for (const { file, start, target } of namespaceValues) {
		const source = program.getSourceFile(path.join(root, file))!;
		const id = identifierAt(source, start)!;
		const symbol = ts.isShorthandPropertyAssignment(id.parent)
			? checker.getShorthandAssignmentValueSymbol(id.parent)
			: checker.getSymbolAtLocation(id);
		// A property or a local with the namespace's name is not the namespace.
		if (!symbol?.declarations?.some(ts.isNamespaceImport)) continue;
		const type = ts.isExpression(id) ? checker.getContextualType(id) : undefined;
		const where = `${file}:${source.getLineAndCharacterOfPosition(start).line + 1} ${id.text}`;
		if (!type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
			problems.push(`${where}: passed where no type says which of its names are read`);
			continue;
		}
		for (const part of type.isUnion() ? type.types : [type])
			for (const member of checker.getPropertiesOfType(part)) use(target, member.name, file);
	}
	return problems;
}

const namespaceProblems = readNamespaceValues();

test("the node's modules re-export by name, never with export *", () => {
	const stars = nodeModules.flatMap((file) =>
		facts.get(file)!.starExports.map((statement) => `${file}: ${statement}`),
	);
	expect(stars).toEqual([]);
});

test('a namespace import passed on as a value goes where a type says which names are read', () => {
	expect(namespaceProblems).toEqual([]);
});

test('every name a module of the node exports is imported somewhere', () => {
	const unused = nodeModules.flatMap((file) =>
		requiredWhole.has(file)
			? []
			: facts
					.get(file)!
					.exported.map((name) => `${file}:${name}`)
					.filter((key) => !importers.has(key) && !ENTRY_POINTS.has(key)),
	);
	expect(unused).toEqual([]);
});

test("transport/index.ts exports only what the node's own modules import from it", () => {
	const ownModules = new Set(nodeModules);
	const testOnly = facts
		.get(TRANSPORT_INDEX)!
		.exported.filter(
			(name) =>
				![...(importers.get(`${TRANSPORT_INDEX}:${name}`) ?? [])].some((by) => ownModules.has(by)),
		);
	expect(testOnly).toEqual([]);
});
