// The `yaml` package (a saved story keeps its comments and layout) as one classic script for /quan-tri/, instead
// of its 70 ES modules: on a slow phone each module was a request of its own, found one import level at a time.
// nttv-cms.js reads it as window.nttvYAML and starts Decap once it is there.
import * as YAML from 'yaml';

window.nttvYAML = YAML;
window.dispatchEvent(new Event('nttv-yaml'));
