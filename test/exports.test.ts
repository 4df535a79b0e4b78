/* eslint-disable
	@n8n/community-nodes/no-restricted-globals,
	@n8n/community-nodes/no-restricted-imports
	-- test code, not the node: see "npm run lint" in docs/DEVELOPMENT.md */
// Every name the node's modules export has an importer (in nodes/, credentials/, test/ or
// bench/), and no module re-exports with `export *`: an export nobody imports is a module's
// private helper that looks public, and `export *` makes all of a folder public without saying
// what. Read with TypeScript's own parser; the package's entry classes are n8n's (package.json).
import fs from 'node:fs';
import path from 'node:path';

import ts from 'typescript';

const root = path.resolve(__dirname, '..');
const ENTRY_POINTS = new Set([
	'nodes/Veo3/Veo3.node.ts:Veo3',
	'credentials/Veo3Api.credentials.ts:Veo3Api',
]);

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

const facts = new Map<string, ModuleFacts>();
/** "file:name" of every export somebody imports (or re-exports by name). */
const used = new Set<string>();
/** Modules used whole: a namespace import passed around as a value. */
const usedWhole = new Set<string>();

function hasExportModifier(node: ts.Node) {
	return (
		ts.canHaveModifiers(node) &&
		(ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
	);
}

function read(file: string) {
	const text = fs.readFileSync(path.join(root, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const own: ModuleFacts = { exported: [], starExports: [] };
	const namespaces = new Map<string, string>();
	const visit = (node: ts.Node) => {
		if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
			const target = resolveModule(file, node.moduleSpecifier.text);
			const bindings = node.importClause?.namedBindings;
			if (target && bindings && ts.isNamedImports(bindings))
				for (const element of bindings.elements)
					used.add(`${target}:${(element.propertyName ?? element.name).text}`);
			if (target && bindings && ts.isNamespaceImport(bindings))
				namespaces.set(bindings.name.text, target);
		} else if (ts.isExportDeclaration(node)) {
			const target =
				node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)
					? resolveModule(file, node.moduleSpecifier.text)
					: undefined;
			if (!node.exportClause) {
				own.starExports.push(node.getText());
			} else if (ts.isNamedExports(node.exportClause)) {
				for (const element of node.exportClause.elements) {
					own.exported.push(element.name.text);
					if (target) used.add(`${target}:${(element.propertyName ?? element.name).text}`);
				}
			}
		} else if (
			ts.isCallExpression(node) &&
			ts.isIdentifier(node.expression) &&
			node.expression.text === 'require' &&
			node.arguments[0] &&
			ts.isStringLiteral(node.arguments[0])
		) {
			// const { a, b } = require('../nodes/...') as typeof import('...')
			const target = resolveModule(file, node.arguments[0].text);
			let parent: ts.Node = node.parent;
			while (ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent))
				parent = parent.parent;
			if (target && ts.isVariableDeclaration(parent) && ts.isObjectBindingPattern(parent.name))
				for (const element of parent.name.elements)
					used.add(`${target}:${((element.propertyName ?? element.name) as ts.Identifier).text}`);
			else if (target) usedWhole.add(target);
		} else if (hasExportModifier(node)) {
			if (ts.isVariableStatement(node))
				for (const declaration of node.declarationList.declarations)
					own.exported.push((declaration.name as ts.Identifier).text);
			else if ('name' in node && node.name && ts.isIdentifier(node.name as ts.Node))
				own.exported.push((node.name as ts.Identifier).text);
		}
		if (ts.isIdentifier(node) && namespaces.has(node.text)) {
			const target = namespaces.get(node.text)!;
			const parent = node.parent;
			if (ts.isPropertyAccessExpression(parent) && parent.expression === node)
				used.add(`${target}:${parent.name.text}`);
			else if (!ts.isNamespaceImport(parent)) usedWhole.add(target);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	facts.set(file, own);
}

const nodeModules = [...sourceFiles('nodes'), ...sourceFiles('credentials')];
for (const file of [...nodeModules, ...sourceFiles('test'), ...sourceFiles('bench')]) read(file);

test("the node's modules re-export by name, never with export *", () => {
	const stars = nodeModules.flatMap((file) =>
		facts.get(file)!.starExports.map((statement) => `${file}: ${statement}`),
	);
	expect(stars).toEqual([]);
});

test('every name a module of the node exports is imported somewhere', () => {
	const unused = nodeModules.flatMap((file) =>
		usedWhole.has(file)
			? []
			: facts
					.get(file)!
					.exported.map((name) => `${file}:${name}`)
					.filter((key) => !used.has(key) && !ENTRY_POINTS.has(key)),
	);
	expect(unused).toEqual([]);
});
