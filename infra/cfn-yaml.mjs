// Reads a CloudFormation YAML template with the `yaml` package, so that the tests can load
// infra/storage.yaml. CloudFormation's short-form tags (!Ref, !Sub, !GetAtt, !If, ...) become their
// long form ({ Ref: x }, { 'Fn::Sub': s }), which is what CloudFormation itself reads them as.
import { Pair, Scalar, YAMLMap, parseDocument } from 'yaml';

// The intrinsic functions with a short form, each written `!Name` for `Fn::Name`.
const FUNCTIONS = [
  'And',
  'Base64',
  'Cidr',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Length',
  'Not',
  'Or',
  'Select',
  'Split',
  'Sub',
  'ToJsonString',
  'Transform',
];

/** `Resource.Attribute` as the two-item list of Fn::GetAtt's long form (the attribute may hold dots). */
function getAttParts(text, onError) {
  const dot = text.indexOf('.');
  if (dot < 1 || dot === text.length - 1)
    onError(`!GetAtt needs Resource.Attribute, got '${text}'`);
  return [text.slice(0, dot), text.slice(dot + 1)];
}

/** A one-key mapping `{ name: node }`, kept as a node so that the document turns it into JS. */
function wrap(name, node) {
  const map = new YAMLMap();
  map.items.push(new Pair(new Scalar(name), node));
  return map;
}

/** The `yaml` custom tags for CloudFormation's short forms: a scalar, sequence and mapping form each. */
function shortFormTags() {
  const tags = [
    { tag: '!Ref', resolve: (text) => ({ Ref: text }) },
    { tag: '!Condition', resolve: (text) => ({ Condition: text }) },
  ];
  for (const name of FUNCTIONS) {
    const long = `Fn::${name}`;
    const scalar =
      name === 'GetAtt'
        ? (text, onError) => ({ [long]: getAttParts(text, onError) })
        : (text) => ({ [long]: text });
    tags.push(
      { tag: `!${name}`, resolve: scalar },
      { tag: `!${name}`, collection: 'seq', resolve: (node) => wrap(long, node) },
      { tag: `!${name}`, collection: 'map', resolve: (node) => wrap(long, node) },
    );
  }
  return tags;
}

const CUSTOM_TAGS = shortFormTags();

/**
 * Parses a CloudFormation YAML template into plain JS values, short-form tags in their long form.
 * Throws on any YAML error or warning (an unknown tag, a duplicate key, a second document), with
 * its line and column, rather than return a template that differs from what CloudFormation reads.
 */
export function parseCfnYaml(text) {
  const doc = parseDocument(text, { customTags: CUSTOM_TAGS, prettyErrors: true });
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new Error(`infra YAML: ${problem.message}`);
  return doc.toJS();
}
