/**
 * The label `api` object, as JavaScript source evaluated inside the sandbox (never in the host).
 * It is a function expression `(store) => api`; sandbox-source.ts calls it with the episode store.
 * The text is kept in sync with LABEL_API_DOC (api-doc.ts); tests run every documented example.
 * @module
 */

/**
 * Why a string and not a host function's `toString()`: the sandbox must get the exact text we wrote,
 * independent of the host's transpiler or coverage instrumentation.
 *
 * Caches below (scans, regexps, normalized text, answers per page text) hold only values derived
 * from the episode's data and primitive arguments, so they cannot carry anything from one label to
 * another. Matcher arguments are read once and reduced to primitives before they form a cache key,
 * so a Proxy or a RegExp subclass passed by one label cannot poison another label's cached answer.
 */
export const API_SOURCE = String.raw`(function makeLabelApi(store) {
  'use strict';
  const freeze = Object.freeze;
  const hasOwn = Object.prototype.hasOwnProperty;
  const isArray = Array.isArray;
  const getProto = Object.getPrototypeOf;
  const OBJECT_PROTO = Object.prototype;
  const regexpGetter = (name) => Object.getOwnPropertyDescriptor(RegExp.prototype, name).get;
  const reSource = regexpGetter('source');
  // g and y are dropped on purpose: they make test() stateful through lastIndex.
  const FLAG_GETTERS = [['d', regexpGetter('hasIndices')], ['i', regexpGetter('ignoreCase')],
    ['m', regexpGetter('multiline')], ['s', regexpGetter('dotAll')], ['u', regexpGetter('unicode')],
    ['v', regexpGetter('unicodeSets')]];

  const NON_ASCII = /[^\x00-\x7f]/;
  const MARK = /^\p{M}$/u;
  const WORD = /^[\p{L}\p{N}]$/u;
  const normCache = new Map();
  const textCache = new Map();
  const pageCache = new Map();
  const globCache = new Map();
  const charClass = new Map();
  const regexpCache = new Map();
  const scanCache = new Map();
  const ANY = freeze({ key: '*', test: () => true });
  const INDEX_AFTER = 8;

  // 1: letter or digit (kept), 2: combining mark (dropped), 0: anything else (a separator).
  function classOf(cp) {
    let k = charClass.get(cp);
    if (k === undefined) {
      const ch = String.fromCodePoint(cp);
      k = MARK.test(ch) ? 2 : WORD.test(ch) ? 1 : 0;
      charClass.set(cp, k);
    }
    return k;
  }
  // A loop rather than replace(/[^\p{L}\p{N}]+/g): with RegExp.prototype frozen (lockdown), V8
  // runs global replace on its slow path, about 9x slower on a page of text.
  function normRaw(s) {
    s = NON_ASCII.test(s) ? s.normalize('NFKD').toLowerCase() : s.toLowerCase();
    const n = s.length;
    let out = '', token = '', start = -1;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      let k, width = 1;
      if (c < 128) k = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? 1 : 0;
      else {
        const cp = s.codePointAt(i);
        if (cp > 0xffff) width = 2;
        k = classOf(cp);
      }
      if (k === 1) {
        if (start < 0) start = i;
        i += width - 1;
        continue;
      }
      if (start >= 0) { token += s.slice(start, i); start = -1; }
      if (k === 0 && token !== '') { out = out === '' ? token : out + ' ' + token; token = ''; }
      i += width - 1;
    }
    if (start >= 0) token += s.slice(start);
    if (token !== '') out = out === '' ? token : out + ' ' + token;
    return out;
  }
  function norm(s) {
    if (typeof s !== 'string') {
      if (s === undefined || s === null) return '';
      s = String(s);
    }
    // Names repeat across states, page texts repeat when the page does not change.
    const cache = s.length > 256 ? textCache : normCache;
    let n = cache.get(s);
    if (n === undefined) {
      n = normRaw(s);
      if (cache.size >= (cache === textCache ? 16 : 50000)) cache.clear();
      cache.set(s, n);
    }
    return n;
  }

  function dice(a, b) {
    const ta = new Set(a.split(' ')), tb = new Set(b.split(' '));
    let common = 0;
    for (const t of ta) if (tb.has(t)) common++;
    return (2 * common) / (ta.size + tb.size);
  }
  function similarNormed(a, b) {
    if (a === b) return 1;
    const la = a.length, lb = b.length;
    if (la === 0 || lb === 0) return 0;
    // Levenshtein is quadratic: long texts fall back to token overlap.
    if (la * lb > 4000000) return dice(a, b);
    let prev = new Array(lb + 1), cur = new Array(lb + 1);
    for (let j = 0; j <= lb; j++) prev[j] = j;
    for (let i = 1; i <= la; i++) {
      cur[0] = i;
      const ca = a.charCodeAt(i - 1);
      for (let j = 1; j <= lb; j++) {
        const del = prev[j] + 1, ins = cur[j - 1] + 1, sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
        cur[j] = del < ins ? (del < sub ? del : sub) : (ins < sub ? ins : sub);
      }
      const t = prev; prev = cur; cur = t;
    }
    return 1 - prev[lb] / (la > lb ? la : lb);
  }
  function similar(a, b) { return similarNormed(norm(a), norm(b)); }
  function fuzzy(a, b, threshold) {
    const t = threshold === undefined ? 0.85 : threshold;
    if (typeof t !== 'number' || !(t >= 0 && t <= 1)) throw new TypeError('api.fuzzy: threshold must be a number in [0, 1], got ' + describe(t));
    return similar(a, b) >= t;
  }
  function includes(haystack, needle) { return norm(haystack).includes(norm(needle)); }

  function describe(v) {
    if (v === null) return 'null';
    if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 60) + '...' : v);
    if (typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
    if (isArray(v)) return 'an array';
    return 'a value of type ' + typeof v;
  }

  // A copy of a RegExp built from its source and flags through the intrinsic getters, which throw
  // for anything that is not a real RegExp.
  function ownRegExp(m) {
    let source;
    try { source = reSource.call(m); } catch (e) { return null; }
    let flags = '';
    for (const [f, get] of FLAG_GETTERS) if (get.call(m)) flags += f;
    const key = flags + '/' + source;
    let re = regexpCache.get(key);
    if (re === undefined) { re = new RegExp(source, flags); regexpCache.set(key, re); }
    return { key: 'r' + key, re };
  }

  function optionsOf(o, where) {
    if (o === undefined || o === null) return 0;
    if (typeof o !== 'object' || isArray(o) || getProto(o) !== OBJECT_PROTO) {
      throw new TypeError(where + ': expected an options object like { fuzzy: true }, got ' + describe(o));
    }
    const f = o.fuzzy;
    if (f === undefined || f === false) return 0;
    if (f === true) return 0.85;
    if (typeof f === 'number' && f > 0 && f <= 1) return f;
    throw new TypeError(where + ': fuzzy must be true or a threshold in (0, 1], got ' + describe(f));
  }
  function isOptions(o) {
    return o !== null && typeof o === 'object' && !isArray(o) && getProto(o) === OBJECT_PROTO;
  }

  // mode 'eq': normalized equality; 'sub': normalized substring. threshold > 0: fuzzy equality.
  function textMatcher(m, mode, threshold, where) {
    if (m === undefined || m === null) return ANY;
    if (typeof m === 'string' || typeof m === 'number') {
      const n = norm(m);
      if (threshold > 0) return { key: 'f' + threshold + ':' + n, test: (s) => similarNormed(norm(s), n) >= threshold };
      if (mode === 'sub') return { key: 'c:' + n, test: (s) => norm(s).includes(n) };
      return { key: 's:' + n, eq: n, test: (s) => norm(s) === n };
    }
    if (typeof m === 'function') return { key: null, test: (s) => !!m(s === undefined || s === null ? '' : s) };
    const own = ownRegExp(m);
    if (own !== null) {
      const re = own.re;
      return { key: own.key, test: (s) => re.test(s === undefined || s === null ? '' : String(s)) };
    }
    throw new TypeError(where + ': expected a string, RegExp or function to match text, got ' + describe(m));
  }

  function roleMatcher(r, where) {
    if (r === undefined || r === null || r === '*' || r === '') return ANY;
    if (typeof r === 'string') {
      const l = r.toLowerCase();
      return { key: 'R' + l, role: l, test: (s) => s === l || (typeof s === 'string' && s.toLowerCase() === l) };
    }
    if (isArray(r)) {
      const roles = [];
      const n = r.length;
      for (let i = 0; i < n; i++) {
        const x = r[i];
        if (typeof x !== 'string') throw new TypeError(where + ': roles must be strings, got ' + describe(x) + ' in the role list');
        roles.push(x.toLowerCase());
      }
      if (roles.includes('*')) return ANY;
      const set = new Set(roles);
      return { key: 'A' + roles.sort().join('|'), test: (s) => typeof s === 'string' && set.has(s.toLowerCase()) };
    }
    if (typeof r === 'function') return { key: null, test: (s) => !!r(s) };
    const own = ownRegExp(r);
    if (own !== null) { const re = own.re; return { key: own.key, test: (s) => re.test(String(s)) }; }
    throw new TypeError(where + ': expected a role string, an array of roles, "*" or a RegExp, got ' + describe(r));
  }

  // Cached: labels match URLs on every state, and the escaping replace runs on V8's slow path once
  // intrinsics are frozen (see normRaw).
  function globToRegExp(glob) {
    let re = globCache.get(glob);
    if (re === undefined) {
      const parts = glob.split('*').map((p) => p.replace(/[.+?^$(){}|[\]\\]/g, '\\$&'));
      re = new RegExp('^' + parts.join('.*') + '$');
      globCache.set(glob, re);
    }
    return re;
  }
  // URL patterns are matched raw: a string is a substring, or a whole-URL glob when it has '*'.
  function urlMatcher(p, where) {
    if (typeof p === 'string') {
      if (p.includes('*')) { const re = globToRegExp(p); return { key: 'g:' + p, test: (u) => re.test(u) }; }
      return { key: 'u:' + p, test: (u) => u.includes(p) };
    }
    if (typeof p === 'function') return { key: null, test: (u) => !!p(u) };
    const own = ownRegExp(p);
    if (own !== null) { const re = own.re; return { key: own.key, test: (u) => re.test(u) }; }
    throw new TypeError(where + ': expected a URL substring, a glob with "*", a RegExp or a function, got ' + describe(p));
  }

  // --- episode access ---------------------------------------------------------------------------
  // store.S[0] is the initial state, store.S[i + 1] the state after step i; store.X holds lazily
  // computed indexes per state. States share their elements and texts when the page repeats them
  // (the host sends each once), so caches keyed by a text serve every state that shows it.
  function side(k) {
    let x = store.X[k];
    if (x === undefined) { x = { names: undefined, roles: undefined, ids: undefined, lookups: 0 }; store.X[k] = x; }
    return x;
  }
  // Whether the normalized page text t contains n, whose longest word is longest. Answers are
  // cached per page text, which every state showing that text shares.
  function pageContains(t, n, longest) {
    if (typeof t !== 'string' || t.length <= 256) return norm(t).includes(n);
    let page = pageCache.get(t);
    if (page === undefined) {
      if (pageCache.size >= 16) pageCache.clear();
      page = { lower: undefined, answers: new Map() };
      pageCache.set(t, page);
    }
    let yes = page.answers.get(n);
    if (yes === undefined) {
      // For ASCII text, every word of n must appear in the lower-cased text: checking the longest
      // one skips normalizing most pages.
      if (page.lower === undefined) page.lower = NON_ASCII.test(t) ? null : t.toLowerCase();
      yes = (longest === '' || page.lower === null || page.lower.includes(longest)) && norm(t).includes(n);
      if (page.answers.size >= 1000) page.answers.clear();
      page.answers.set(n, yes);
    }
    return yes;
  }
  function longestWord(n) {
    let best = '';
    for (const w of n.split(' ')) if (w.length > best.length) best = w;
    return best;
  }
  function nameIndex(k) {
    const x = side(k);
    if (x.names === undefined) {
      const m = new Map();
      for (const el of store.S[k].elements) {
        const n = norm(el.name);
        const bucket = m.get(n);
        if (bucket === undefined) m.set(n, [el]); else bucket.push(el);
      }
      x.names = m;
    }
    return x.names;
  }
  // Elements by lower-cased role: a lookup with a role string then tests the names of a few
  // elements rather than the role of every element.
  function roleIndex(k) {
    const x = side(k);
    if (x.roles === undefined) {
      const m = new Map();
      for (const el of store.S[k].elements) {
        if (el === null || typeof el !== 'object' || typeof el.role !== 'string') continue;
        const l = el.role.toLowerCase();
        const bucket = m.get(l);
        if (bucket === undefined) m.set(l, [el]); else bucket.push(el);
      }
      x.roles = m;
    }
    return x.roles;
  }
  function idIndex(k) {
    const x = side(k);
    if (x.ids === undefined) {
      const m = new Map();
      for (const el of store.S[k].elements) if (!m.has(el.id)) m.set(el.id, el);
      x.ids = m;
    }
    return x.ids;
  }

  function stateIndex(at, where) {
    const S = store.S;
    if (at === undefined || at === null || at === 'last' || at === 'any') return S.length - 1;
    if (at === 'initial') return 0;
    if (typeof at === 'number' && Number.isInteger(at)) {
      const n = S.length - 1;
      const i = at < 0 ? n + at : at;
      return i >= 0 && i < n ? i + 1 : -1;
    }
    throw new TypeError(where + ": bad at " + describe(at) + " (expected 'last', 'any', 'initial' or a step index)");
  }
  function checkAt(at, where) {
    if (at === 'any') return true;
    stateIndex(at, where);
    return false;
  }

  // True when pred holds for some state (k over store.S); cached per key because states only get appended.
  function anyState(key, pred) {
    const n = store.S.length;
    if (key === null) { for (let k = n - 1; k >= 0; k--) if (pred(k)) return true; return false; }
    let c = scanCache.get(key);
    if (c === undefined) { c = { upto: 0, found: false }; scanCache.set(key, c); }
    if (c.found) return true;
    for (let k = c.upto; k < n; k++) if (pred(k)) { c.found = true; return true; }
    c.upto = n;
    return false;
  }
  // The same over steps (i over store.steps).
  function anyStep(key, pred) {
    return anyState(key === null ? null : '#' + key, (k) => k > 0 && pred(k - 1));
  }
  // Checks one state, or any state when at is 'any'.
  function onStates(at, key, where, pred) {
    if (checkAt(at, where)) return anyState(key === null ? null : where + '\u0000' + key, pred);
    const k = stateIndex(at, where);
    return k >= 0 && pred(k);
  }
  // A value from one state, or from the latest state that has one when at is 'any'.
  function fromStates(at, where, get) {
    if (checkAt(at, where)) {
      for (let k = store.S.length - 1; k >= 0; k--) { const v = get(k); if (v !== undefined && v !== null) return v; }
      return undefined;
    }
    const k = stateIndex(at, where);
    return k >= 0 ? get(k) : undefined;
  }

  // Indexing a state's names costs several scans, so a state is scanned for its first INDEX_AFTER
  // lookups (most states only get those: the labels of one step) and indexed when it gets more.
  function findElement(k, rm, nm) {
    if (nm.eq !== undefined) {
      const x = side(k);
      if (x.names !== undefined || ++x.lookups > INDEX_AFTER) {
        const bucket = nameIndex(k).get(nm.eq);
        if (bucket === undefined) return undefined;
        for (const el of bucket) if (rm.test(el.role)) return el;
        return undefined;
      }
    }
    if (rm.role !== undefined) {
      const bucket = roleIndex(k).get(rm.role);
      if (bucket !== undefined) for (const el of bucket) if (nm.test(el.name)) return el;
      return undefined;
    }
    for (const el of store.S[k].elements) if (rm.test(el.role) && nm.test(el.name)) return el;
    return undefined;
  }
  // (role, name, at?, options?) with options allowed in place of at.
  function elementArgs(role, name, at, options, where) {
    if (isOptions(at)) { options = at; at = undefined; }
    const rm = roleMatcher(role, where);
    const nm = textMatcher(name, 'eq', optionsOf(options, where), where);
    const key = rm.key !== null && nm.key !== null ? rm.key + '\u0000' + nm.key : null;
    return { rm, nm, at, key };
  }

  // --- actions ----------------------------------------------------------------------------------
  // The element a step acted on: the recorded target, else the element with the action's id in the
  // state before the step.
  function target(i) {
    const st = store.steps[i];
    if (st.target) return st.target;
    const a = st.action;
    if (!a || a.id === undefined) return undefined;
    return idIndex(i).get(a.id);
  }
  function targetMatches(t, rm, nm) {
    return t !== undefined && rm.test(t.role) && (nm.test(t.name) || (t.text !== undefined && nm.test(t.text)));
  }
  function succeeded(i, type) {
    const st = store.steps[i];
    return !st.error && st.action && st.action.type === type;
  }
  function fieldMatcher(field, options, where) {
    return textMatcher(field, 'eq', optionsOf(options, where), where);
  }
  function keyOf(...ms) {
    for (const m of ms) if (m.key === null) return null;
    return ms.map((m) => m.key).join('\u0000');
  }

  function clicked(role, name, options) {
    const where = 'api.clicked';
    const rm = roleMatcher(role, where), nm = textMatcher(name, 'eq', optionsOf(options, where), where);
    const key = keyOf(rm, nm);
    return anyStep(key === null ? null : 'clicked' + key, (i) =>
      (succeeded(i, 'click') || succeeded(i, 'dblclick')) && targetMatches(target(i), rm, nm));
  }
  function typed(text, field, options) {
    const where = 'api.typed';
    if (isOptions(field)) { options = field; field = undefined; }
    const th = optionsOf(options, where);
    const tm = textMatcher(text, 'eq', th, where), fm = fieldMatcher(field, options, where);
    const key = keyOf(tm, fm);
    return anyStep(key === null ? null : 'typed' + key, (i) =>
      succeeded(i, 'fill') && tm.test(store.steps[i].action.text) && (fm === ANY || targetMatches(target(i), ANY, fm)));
  }
  function pressed(key, field, options) {
    const where = 'api.pressed';
    if (isOptions(field)) { options = field; field = undefined; }
    let km;
    if (typeof key === 'string') { const l = key.toLowerCase(); km = { key: 'k:' + l, test: (s) => typeof s === 'string' && s.toLowerCase() === l }; }
    else km = textMatcher(key, 'eq', 0, where);
    const fm = fieldMatcher(field, options, where);
    const k = keyOf(km, fm);
    return anyStep(k === null ? null : 'pressed' + k, (i) =>
      succeeded(i, 'press') && km.test(store.steps[i].action.key) && (fm === ANY || targetMatches(target(i), ANY, fm)));
  }
  function selected(option, field, options) {
    const where = 'api.selected';
    if (isOptions(field)) { options = field; field = undefined; }
    const om = textMatcher(option, 'eq', optionsOf(options, where), where), fm = fieldMatcher(field, options, where);
    const key = keyOf(om, fm);
    return anyStep(key === null ? null : 'selected' + key, (i) => {
      if (!succeeded(i, 'select')) return false;
      const opts = store.steps[i].action.options;
      return isArray(opts) && opts.some((o) => om.test(o)) && (fm === ANY || targetMatches(target(i), ANY, fm));
    });
  }
  function visited(pattern) {
    const um = urlMatcher(pattern, 'api.visited');
    return anyState(um.key === null ? null : 'visited' + um.key, (k) => um.test(store.S[k].url));
  }
  function answered(matcher) {
    const a = store.answer;
    if (a === undefined) return false;
    return textMatcher(matcher, 'eq', 0, 'api.answered').test(a);
  }
  function reportedInfeasible() { return store.infeasible !== undefined; }
  function actions() { return store.stepsView(); }

  // --- state ------------------------------------------------------------------------------------
  function state(at) {
    const k = stateIndex(at, 'api.state');
    return k >= 0 ? store.S[k] : null;
  }
  function urlMatches(pattern, at) {
    const where = 'api.urlMatches';
    const um = urlMatcher(pattern, where);
    return onStates(at, um.key, where, (k) => um.test(store.S[k].url));
  }
  function pageHasText(text, at) {
    const where = 'api.pageHasText';
    if (typeof text === 'string' || typeof text === 'number') {
      const n = norm(text);
      const longest = longestWord(n);
      return onStates(at, 'c:' + n, where, (k) => pageContains(store.S[k].text, n, longest));
    }
    const tm = textMatcher(text, 'sub', 0, where);
    return onStates(at, tm.key, where, (k) => tm.test(store.S[k].text));
  }
  function element(role, name, at, options) {
    const a = elementArgs(role, name, at, options, 'api.element');
    const el = fromStates(a.at, 'api.element', (k) => findElement(k, a.rm, a.nm));
    return el === undefined ? null : el;
  }
  function elementExists(role, name, at, options) {
    const where = 'api.elementExists';
    const a = elementArgs(role, name, at, options, where);
    return onStates(a.at, a.key, where, (k) => findElement(k, a.rm, a.nm) !== undefined);
  }
  function elementValue(role, name, at, options) {
    const a = elementArgs(role, name, at, options, 'api.elementValue');
    return fromStates(a.at, 'api.elementValue', (k) => { const el = findElement(k, a.rm, a.nm); return el === undefined ? undefined : el.value; });
  }
  function elementChecked(role, name, at, options) {
    const a = elementArgs(role, name, at, options, 'api.elementChecked');
    return fromStates(a.at, 'api.elementChecked', (k) => { const el = findElement(k, a.rm, a.nm); return el === undefined ? undefined : el.checked; });
  }

  function pathOf(path, where) {
    if (typeof path === 'string') return path === '' ? [] : path.split('.');
    if (isArray(path)) {
      const segs = [];
      const n = path.length;
      for (let i = 0; i < n; i++) {
        const s = path[i];
        if (typeof s !== 'string' && typeof s !== 'number') throw new TypeError(where + ': path segments must be strings or numbers, got ' + describe(s));
        segs.push(String(s));
      }
      return segs;
    }
    throw new TypeError(where + ": expected a dotted path like 'shop.cart.0.sku', got " + describe(path));
  }
  function walk(root, segs) {
    let cur = root;
    let start = 0;
    if (cur === undefined || cur === null) return undefined;
    // Probe names may themselves contain dots: prefer the longest probe name that prefixes the path.
    if (segs.length > 1 && !hasOwn.call(cur, segs[0])) {
      for (let j = segs.length; j > 1; j--) {
        const name = segs.slice(0, j).join('.');
        if (hasOwn.call(cur, name)) { cur = cur[name]; start = j; break; }
      }
    }
    for (let j = start; j < segs.length; j++) {
      if (cur === null || typeof cur !== 'object') return undefined;
      const s = segs[j];
      if (isArray(cur)) {
        if (s === 'length') { cur = cur.length; continue; }
        let i = Number(s);
        if (s === '' || !Number.isInteger(i)) return undefined;
        if (i < 0) i += cur.length;
        cur = cur[i];
      } else {
        if (!hasOwn.call(cur, s)) return undefined;
        cur = cur[s];
      }
    }
    return cur;
  }
  function probe(path, at) {
    const segs = pathOf(path, 'api.probe');
    return fromStates(at, 'api.probe', (k) => walk(store.S[k].probes, segs));
  }
  function predicateOf(p, where) {
    if (typeof p === 'function') return (x) => !!p(x);
    if (p !== null && typeof p === 'object' && !isArray(p)) {
      const entries = [];
      for (const key of Object.keys(p)) entries.push([key, p[key]]);
      return (x) => x !== null && typeof x === 'object' && entries.every(([key, v]) => hasOwn.call(x, key) && x[key] === v);
    }
    throw new TypeError(where + ': expected a predicate function or an object of expected fields, got ' + describe(p));
  }
  function probeFind(path, predicate, at) {
    const where = 'api.probeFind';
    const segs = pathOf(path, where);
    const pred = predicateOf(predicate, where);
    return fromStates(at, where, (k) => {
      const arr = walk(store.S[k].probes, segs);
      if (!isArray(arr)) return undefined;
      for (const x of arr) if (pred(x)) return x;
      return undefined;
    });
  }

  return {
    norm, similar, fuzzy, includes,
    clicked, typed, pressed, selected, visited, answered, reportedInfeasible, actions,
    state, urlMatches, pageHasText, element, elementExists, elementValue, elementChecked, probe, probeFind,
  };
})`;
