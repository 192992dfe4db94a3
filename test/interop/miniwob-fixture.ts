/**
 * A tiny MiniWoB++-shaped checkout for tests: a core.js that follows MiniWoB++'s protocol (reward
 * globals, a START sync cover, Math.seedrandom, core.EPISODE_MAX_TIME, endEpisode) and two task
 * pages, laid out like miniwob-plusplus (miniwob/html/core/core.js, miniwob/html/miniwob/*.html).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CORE_JS = `
var core = {};
// A seedrandom stand-in: Math.seedrandom(seed) makes Math.random a generator seeded from String(seed).
Math.seedrandom = function (seed) {
  var s = 0, text = String(seed);
  for (var i = 0; i < text.length; i++) s = (Math.imul(s, 31) + text.charCodeAt(i)) >>> 0;
  Math.random = function () {
    s = (s + 0x6d2b79f5) >>> 0;
    var t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};
var WOB_REWARD_GLOBAL = 0, WOB_RAW_REWARD_GLOBAL = 0, WOB_REWARD_REASON = null, WOB_DONE_GLOBAL = false, WOB_EPISODE_ID = 0, WOB_TASK_READY = true;
core.EPISODE_MAX_TIME = 10000;
core.EP_TIMER = null;
core.cover_div = null;
core.startEpisode = function () {
  if (!document.getElementById('reward-display')) {
    var d = document.createElement('div');
    d.id = 'reward-display';
    d.innerHTML = 'Last reward: <span id="reward-last">-</span> Episodes done: <span id="episode-id">0</span>';
    document.body.appendChild(d);
  }
  if (core.cover_div === null) {
    core.cover_div = document.createElement('div');
    core.cover_div.id = 'sync-task-cover';
    core.cover_div.textContent = 'START';
    core.cover_div.onclick = function () { core.startEpisodeReal(); };
    document.body.appendChild(core.cover_div);
  }
  core.cover_div.style.display = 'block';
};
core.startEpisodeReal = function () {
  genProblem();
  WOB_DONE_GLOBAL = false; WOB_REWARD_GLOBAL = 0; WOB_RAW_REWARD_GLOBAL = 0; WOB_REWARD_REASON = null;
  core.cover_div.style.display = 'none';
  core.ept0 = Date.now();
  if (core.EP_TIMER !== null) clearTimeout(core.EP_TIMER);
  core.EP_TIMER = setTimeout(function () { core.endEpisode(-1, false, 'timed out'); }, core.EPISODE_MAX_TIME);
};
core.endEpisode = function (reward, timeProportional, reason) {
  if (core.EP_TIMER === null) return;
  clearTimeout(core.EP_TIMER);
  core.EP_TIMER = null;
  WOB_RAW_REWARD_GLOBAL = reward;
  WOB_REWARD_REASON = reason === undefined ? null : reason;
  if (timeProportional) reward = reward * Math.max(0, 1 - (Date.now() - core.ept0) / core.EPISODE_MAX_TIME);
  WOB_REWARD_GLOBAL = reward;
  WOB_DONE_GLOBAL = true;
  WOB_EPISODE_ID++;
  document.getElementById('reward-last').textContent = reward.toFixed(2);
  document.getElementById('episode-id').textContent = String(WOB_EPISODE_ID);
  core.startEpisode();
};
core.getUtterance = function () { return document.getElementById('query').textContent.replace(/\\s+/g, ' ').trim(); };
`;

const page = (title: string, script: string) => `<!DOCTYPE html>
<html><head><title>${title}</title>
<style>#sync-task-cover { position: absolute; left: 0; top: 0; width: 100%; height: 100%; background: #eee; z-index: 10 }</style>
<script src="../core/core.js"></script>
<script>${script}
window.onload = function () { core.startEpisode(); };
</script></head>
<body><div id="wrap"><div id="query"></div><div id="area"></div></div></body></html>
`;

const CLICK_BUTTON = page('Click Button Task', `
var genProblem = function () {
  var labels = ['ONE', 'TWO', 'THREE', 'FOUR'];
  for (var i = labels.length - 1; i > 0; i--) { var j = Math.floor(Math.random() * (i + 1)); var t = labels[i]; labels[i] = labels[j]; labels[j] = t; }
  var target = labels[Math.floor(Math.random() * labels.length)];
  document.getElementById('query').textContent = "Click the button '" + target + "'.";
  var area = document.getElementById('area');
  area.innerHTML = '';
  labels.forEach(function (l) {
    var b = document.createElement('button');
    b.textContent = l;
    b.onclick = function () { core.endEpisode(l === target ? 1 : -1, l === target); };
    area.appendChild(b);
  });
};`);

const ENTER_TEXT = page('Enter Text Task', `
var genProblem = function () {
  var names = ['Ann', 'Bob', 'Cid', 'Dee', 'Eve'];
  var target = names[Math.floor(Math.random() * names.length)];
  document.getElementById('query').textContent = 'Enter "' + target + '" into the text field and press Submit.';
  document.getElementById('area').innerHTML = '<input id="tt" aria-label="Text"><button id="subbtn">Submit</button>';
  document.getElementById('subbtn').onclick = function () {
    var ok = document.getElementById('tt').value === target;
    core.endEpisode(ok ? 1 : -1, ok);
  };
};`);

/** Write the checkout under `root`; returns the folder of task pages. */
export async function writeMiniwobCheckout(root: string): Promise<string> {
  const html = join(root, 'miniwob', 'html');
  await mkdir(join(html, 'core'), { recursive: true });
  await mkdir(join(html, 'miniwob'), { recursive: true });
  await writeFile(join(html, 'core', 'core.js'), CORE_JS);
  await writeFile(join(html, 'miniwob', 'click-button.html'), CLICK_BUTTON);
  await writeFile(join(html, 'miniwob', 'enter-text.html'), ENTER_TEXT);
  await writeFile(join(html, 'miniwob', 'index.html'), '<!DOCTYPE html><html><body><a href="click-button.html">click-button</a> <a href="enter-text.html">enter-text</a></body></html>');
  return join(html, 'miniwob');
}
