// The web editor's own build of Decap CMS: the same packages and versions as npm's `decap-cms` (package-lock.json),
// with only what /quan-tri/ uses. npm's bundle registers every backend, widget, media library and language
// (5.2 MB, 1.5 MB gzipped); on a slow phone it took 34 s to show the sign-in screen, most of it spent
// downloading and running code the form never calls. `make node_modules` bundles this file with esbuild into
// node_modules/.nttv/decap-cms.js, which the build serves as quan-tri/decap/decap-cms.js.
//
// Kept: the backends of the plan's `editor.backend` choices (github, gitlab, gitea, forgejo), `proxy`, the
// local backend of `make edit`, and `test-repo`, Decap's in-memory one, with which a browser test shows the
// form; the widgets generator/editor/config.py and nttv-cms.js use, with file and relation kept for a plan
// that adds them; Vietnamese, and English, Decap's fallback for missing phrases.
// Left out: map (OpenLayers), code (CodeMirror), rich text, colour, uuid, Cloudinary and Uploadcare,
// the Azure, Bitbucket, Git Gateway and Cognito backends, the other 30 languages.
import createReactClass from 'create-react-class';
import React from 'react';
import { DecapCmsCore as CMS } from 'decap-cms-core';
import { GitHubBackend } from 'decap-cms-backend-github';
import { GitLabBackend } from 'decap-cms-backend-gitlab';
import { GiteaBackend } from 'decap-cms-backend-gitea';
import { ForgejoBackend } from 'decap-cms-backend-forgejo';
import { ProxyBackend } from 'decap-cms-backend-proxy';
import { TestBackend } from 'decap-cms-backend-test';
import DecapCmsWidgetString from 'decap-cms-widget-string';
import DecapCmsWidgetNumber from 'decap-cms-widget-number';
import DecapCmsWidgetText from 'decap-cms-widget-text';
import DecapCmsWidgetImage from 'decap-cms-widget-image';
import DecapCmsWidgetFile from 'decap-cms-widget-file';
import DecapCmsWidgetSelect from 'decap-cms-widget-select';
import DecapCmsWidgetMarkdown from 'decap-cms-widget-markdown';
import DecapCmsWidgetList from 'decap-cms-widget-list';
import DecapCmsWidgetObject from 'decap-cms-widget-object';
import DecapCmsWidgetRelation from 'decap-cms-widget-relation';
import DecapCmsWidgetBoolean from 'decap-cms-widget-boolean';
import DecapCmsWidgetDatetime from 'decap-cms-widget-datetime';
import { en, vi } from 'decap-cms-locales';

CMS.registerBackend('github', GitHubBackend);
CMS.registerBackend('gitlab', GitLabBackend);
CMS.registerBackend('gitea', GiteaBackend);
CMS.registerBackend('forgejo', ForgejoBackend);
CMS.registerBackend('proxy', ProxyBackend);
CMS.registerBackend('test-repo', TestBackend);
CMS.registerWidget([
  DecapCmsWidgetString.Widget(), DecapCmsWidgetNumber.Widget(), DecapCmsWidgetText.Widget(),
  DecapCmsWidgetImage.Widget(), DecapCmsWidgetFile.Widget(), DecapCmsWidgetSelect.Widget(),
  DecapCmsWidgetMarkdown.Widget(), DecapCmsWidgetList.Widget(), DecapCmsWidgetObject.Widget(),
  DecapCmsWidgetRelation.Widget(), DecapCmsWidgetBoolean.Widget(), DecapCmsWidgetDatetime.Widget(),
]);
CMS.registerLocale('en', en);
CMS.registerLocale('vi', vi);

// What npm's bundle puts on window (decap-cms/src/index.js); the page sets CMS_MANUAL_INIT and nttv-cms.js
// calls CMS.init() once its formats and widgets are registered.
if (!window.CMS_MANUAL_INIT) {
  CMS.init();
}
window.CMS = CMS;
window.initCMS = CMS.init;
window.createClass = window.createClass || createReactClass;
window.h = window.h || React.createElement;
