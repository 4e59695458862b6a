// The architecture rules, from one declared list of layers: `npm run lint:layers` (part of
// `npm run lint`, so of `scripts/test`) fails on an import that points up or sideways
// between them, and on any import circle, type-only imports included.
//
// processors/: applications → adapters → domain, every import pointing down (right).
// processors/domain/: folders by rank; a folder imports only folders of a lower rank.
const LAYERS = ['domain', 'adapters', 'applications'];
const DOMAIN_RANKS = {
  input: 0, // reading untyped input, every problem named
  identifiers: 1, // phone, BSUID, parent BSUID; keyed hashes; redaction
  events: 2, // the normalized event (the data-stream contract)
  webhooks: 3, // provider envelopes, Meta's items, the split, portfolios
  outbound: 3, // send requests and Meta's message bodies
  delivery: 3, // webhooks to subscribers: body, signature, retry rules
  identity: 4, // the identity rules over a portfolio's state
  stream: 5, // the input log and one record's processing
  lookup: 5, // the contact lookup API: ids, tokens, the response (reads identity/)
};

const upward = LAYERS.map((layer, i) => ({
  name: `${layer}-imports-only-down`,
  comment: `processors/${layer} may import only ${LAYERS.slice(0, i + 1).join(', ')}`,
  severity: 'error',
  from: { path: `^processors/${layer}/` },
  to: { path: `^processors/(${LAYERS.slice(i + 1).join('|') || '$^'})/` },
}));

const domain = Object.entries(DOMAIN_RANKS).flatMap(([folder, rank]) => {
  const notBelow = Object.entries(DOMAIN_RANKS)
    .filter(([other, r]) => other !== folder && r >= rank)
    .map(([other]) => other);
  return notBelow.length === 0
    ? []
    : [
        {
          name: `domain-${folder}-imports-only-lower-ranks`,
          comment: `domain/${folder} (rank ${rank}) may not import ${notBelow.join(', ')}`,
          severity: 'error',
          from: { path: `^processors/domain/${folder}/` },
          to: { path: `^processors/domain/(${notBelow.join('|')})/` },
        },
      ];
});

module.exports = {
  forbidden: [
    ...upward.filter((rule) => !rule.to.path.includes('$^')),
    ...domain,
    {
      name: 'domain-folders-are-ranked',
      comment: 'every folder of processors/domain has a rank in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^processors/domain/' },
      to: {
        path: '^processors/domain/[^/]+/',
        pathNot: `^processors/domain/(${Object.keys(DOMAIN_RANKS).join('|')})/`,
      },
    },
    {
      name: 'no-circular',
      comment: 'no import circle, type-only imports included',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-code-imports-no-tests',
      severity: 'error',
      from: { path: '^processors/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
