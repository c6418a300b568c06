// SWC options for tests; mirrors .swcrc (legacy decorators with metadata, as tsc emits).
module.exports = {
  "jsc": {
    "parser": {
      "syntax": "typescript",
      "decorators": true
    },
    "transform": {
      "legacyDecorator": true,
      "decoratorMetadata": true
    },
    "target": "es2022",
    "keepClassNames": true
  },
  "module": {
    "type": "commonjs"
  },
  "sourceMaps": "inline",
  "swcrc": false
};
