// The vidfleet dashboard: polls the JSON API once a second with the bearer token from sessionStorage.
// Polling (not server-sent events) because EventSource cannot send an Authorization header, and the
// token must never travel in a URL. Every value from the API reaches the page as text, never as HTML.
'use strict';

const TOKEN_KEY = 'vidfleet.token';
const POLL_MS = 1000;
const ARM_MS = 4000; // a cancel needs a second click within this time
const TERMINAL = ['done', 'failed', 'cancelled'];

let timer = null;
const armed = new Map(); // job id -> time the cancel button was armed

const $ = (id) => document.getElementById(id);

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.entries(props || {}).forEach(([k, v]) => {
    if (k === 'class') node.className = v;
    else if (k === 'on') Object.entries(v).forEach(([type, fn]) => node.addEventListener(type, fn));
    else if (k === 'data') Object.entries(v).forEach(([dk, dv]) => { node.dataset[dk] = dv; });
    else if (v !== null && v !== undefined) node[k] = v;
  });
  children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(path, method) {
  const response = await fetch(path, {
    method: method || 'GET', cache: 'no-store', credentials: 'omit',
    headers: { Authorization: 'Bearer ' + token() },
  });
  let body = null;
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 401) {
    signOut('The token was refused: ' + ((body && body.error) || 'unauthorized'));
    throw new Error('unauthorized');
  }
  if (!response.ok) throw new Error((body && body.error) || ('HTTP ' + response.status));
  return body;
}

// ---- sign in / out -------------------------------------------------------------------------------

function showLogin(message) {
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message || '';
  $('status').textContent = 'not connected';
  $('token').focus();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  clearTimeout(timer);
  timer = null;
  showLogin(message);
}

function start() {
  $('login').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
  poll();
}

// ---- polling -------------------------------------------------------------------------------------

function selectedJob() {
  const match = /^#job=([A-Za-z0-9._-]+)$/.exec(location.hash);
  return match ? match[1] : null;
}

let polling = false; // one poll at a time; a request for another while one runs is remembered
let pollAgain = false;

async function poll() {
  if (polling) { pollAgain = true; return; }
  polling = true;
  clearTimeout(timer);
  try {
    await refresh();
  } finally {
    polling = false;
  }
  if (!token()) return;
  timer = setTimeout(poll, pollAgain ? 0 : document.hidden ? 5 * POLL_MS : POLL_MS);
  pollAgain = false;
}

async function refresh() {
  if (!token()) return;
  try {
    const id = selectedJob();
    const [jobs, workers, queues, dead, job, timeline] = await Promise.all([
      api('/api/jobs?limit=50'), api('/api/workers'), api('/api/queues'), api('/api/dead-letters?limit=50'),
      id ? api('/api/jobs/' + id).catch(() => null) : null,
      id ? api('/api/jobs/' + id + '/timeline').catch(() => null) : null,
    ]);
    renderJobs(jobs.jobs, id);
    renderJob(job, timeline);
    renderWorkers(workers.workers);
    renderQueues(queues.queues);
    renderDead(dead.deadLetters);
    $('status').textContent = 'updated ' + clock(new Date()) + ' \u00b7 ' + jobs.jobs.length + ' jobs \u00b7 '
      + workers.workers.filter((w) => w.role === 'worker').length + ' workers';
    $('status').classList.remove('error');
  } catch (e) {
    if (e.message === 'unauthorized') return;
    $('status').textContent = 'API error: ' + e.message + ' (retrying)';
    $('status').classList.add('error');
  }
}

// ---- tables: rows keyed by id and updated in place, so a click never lands on a replaced button ----

function syncRows(tbody, items, keyOf, cellsOf, rowClass) {
  const existing = new Map([...tbody.rows].map((row) => [row.dataset.key, row]));
  items.forEach((item, index) => {
    const key = keyOf(item);
    let row = existing.get(key);
    existing.delete(key);
    if (!row) row = el('tr', { data: { key } });
    if (tbody.rows[index] !== row) tbody.insertBefore(row, tbody.rows[index] || null);
    row.className = rowClass ? rowClass(item) : '';
    cellsOf(item).forEach((cell, i) => {
      const spec = typeof cell === 'object' && cell !== null ? cell : { text: cell };
      let td = row.cells[i];
      if (!td) td = row.appendChild(el('td'));
      const sig = spec.sig !== undefined ? spec.sig : String(spec.text == null ? '' : spec.text);
      if (td.dataset.sig === sig) return;
      td.dataset.sig = sig;
      td.className = spec.class || '';
      td.replaceChildren(spec.build ? spec.build() : String(spec.text == null ? '' : spec.text));
    });
  });
  existing.forEach((row) => row.remove());
}

function stateBadge(state, reason) { return el('span', { class: 'state ' + state, title: reason || state }, state); }

function progressBar(done, total) {
  const pct = total ? Math.round((100 * done) / total) : 0;
  const fill = el('div');
  fill.style.width = pct + '%';
  return el('div', { class: 'progress', title: done + ' of ' + total + ' tasks done' }, fill, el('span', {}, done + '/' + total));
}

function renderJobs(jobs, selected) {
  $('jobs-empty').hidden = jobs.length > 0;
  syncRows($('jobs').tBodies[0], jobs, (j) => j.id, (j) => [
    { sig: j.id, build: () => el('a', { href: '#job=' + j.id, class: 'job-link' }, j.id) },
    { sig: j.state + '|' + (j.reason || ''), class: 'state-cell', build: () => stateBadge(j.state, j.reason) },
    { sig: j.tasksDone + '/' + j.tasksTotal, build: () => progressBar(j.tasksDone, j.tasksTotal) },
    j.profile, j.priority,
    j.source ? j.source.name + ' (' + j.source.frames + ' frames)' : '',
    j.createdAt ? clock(new Date(j.createdAt)) : '',
    { sig: j.state + '|' + isArmed(j.id), build: () => jobActions(j) },
  ], (j) => (j.id === selected ? 'selected' : ''));
}

function isArmed(id) { return armed.has(id) && Date.now() - armed.get(id) < ARM_MS; }

function jobActions(job) {
  if (job.state === 'failed') {
    return el('span', {}, requeueButton(job.id), ' ', cancelButton(job.id));
  }
  return TERMINAL.includes(job.state) ? '' : cancelButton(job.id);
}

function cancelButton(id) {
  const hot = isArmed(id);
  return el('button', {
    type: 'button', class: 'cancel danger' + (hot ? ' armed' : ''), textContent: hot ? 'Confirm cancel' : 'Cancel',
    title: hot ? 'Click again to cancel ' + id : 'Cancel ' + id + ' (asks to confirm)',
    on: { click: (e) => act(e.target, id, 'cancel') },
  });
}

function requeueButton(id) {
  return el('button', { type: 'button', class: 'requeue', textContent: 'Requeue', title: 'Send the dead and unfinished tasks of ' + id + ' back to the queue',
    on: { click: (e) => act(e.target, id, 'requeue') } });
}

async function act(button, id, action) {
  if (action === 'cancel' && !isArmed(id)) {
    armed.set(id, Date.now());
    setTimeout(poll, ARM_MS + 50); // disarm on screen once the time is up
    poll();
    return;
  }
  armed.delete(id);
  button.disabled = true;
  try {
    await api('/api/jobs/' + id + '/' + action, 'POST');
    $('status').textContent = (action === 'cancel' ? 'cancelled ' : 'requeued ') + id;
  } catch (e) {
    if (e.message !== 'unauthorized') alertLine(action + ' ' + id + ' failed: ' + e.message);
  }
  poll();
}

function alertLine(message) {
  $('status').textContent = message;
  $('status').classList.add('error');
}

function renderJob(job, timeline) {
  const panel = $('job');
  if (!job) { panel.hidden = true; return; }
  panel.hidden = false;
  $('job-id').textContent = job.id;
  $('job-state').textContent = job.state;
  $('job-state').className = 'state ' + job.state;
  $('job-summary').textContent = [job.profile, job.priority + ' priority', job.delivery,
    job.tasksDone + '/' + job.tasksTotal + ' tasks done',
    job.source ? job.source.name + ', ' + job.source.frames + ' frames, ' + job.source.seconds.toFixed(2) + ' s' : '',
    job.state === 'done' ? 'output ' + job.output : ''].filter(Boolean).join(' \u00b7 ');
  $('job-reason').textContent = job.reason || '';
  $('job-notes').replaceChildren(...(job.notes || []).map((note) => el('li', {}, note)));
  renderTimeline(timeline);
  syncRows($('tasks').tBodies[0], job.tasks, (t) => t.id, (t) => [
    t.id, { sig: t.state, build: () => stateBadge(t.state) },
    t.startFrame !== undefined ? t.startFrame + '\u2013' + (t.endFrame - 1) : 'audio',
    t.attempts, t.worker || '', { text: t.error || '', class: 'error' },
  ]);
}

function renderTimeline(timeline) {
  const box = $('timeline');
  if (!timeline || timeline.attempts === 0) {
    box.replaceChildren(el('p', { class: 'muted' }, 'No task has been claimed yet.'));
    $('timeline-note').textContent = '';
    return;
  }
  const t0 = timeline.start;
  const t1 = Math.max(timeline.end || timeline.now, t0 + 1);
  const span = t1 - t0;
  const phases = timeline.phases || {};
  const stitch = phases.encoded && phases.verified ? ', stitched and verified in ' + seconds(phases.verified - phases.encoded) : '';
  $('timeline-note').textContent = '\u00b7 ' + timeline.attempts + ' attempts, ' + timeline.redeliveries + ' redeliveries, '
    + seconds(span) + stitch + (timeline.truncated ? ' \u00b7 the oldest events were trimmed' : '');
  const lanes = timeline.workers.map((w) => el('div', { class: 'lane', data: { worker: w.worker } },
    el('div', { class: 'who', title: w.worker }, w.worker),
    el('div', { class: 'track' }, w.attempts.map((a) => {
      const end = a.end || timeline.now;
      const seg = el('div', {
        class: 'seg ' + a.outcome + (a.attempt > 1 ? ' redelivered' : ''),
        title: a.task + ' attempt ' + a.attempt + ': ' + a.outcome + ', ' + clock(new Date(a.start)) + ' for ' + seconds(end - a.start)
          + (a.error ? ' \u2014 ' + a.error : ''),
        data: { task: a.task, outcome: a.outcome },
      }, a.task);
      seg.style.left = (100 * (a.start - t0) / span) + '%';
      seg.style.width = (100 * Math.max(end - a.start, 0) / span) + '%';
      return seg;
    }))));
  box.replaceChildren(...lanes);
}

function renderWorkers(workers) {
  $('workers-empty').hidden = workers.length > 0;
  syncRows($('workers').tBodies[0], workers, (w) => w.id, (w) => [
    { text: w.id, class: 'wrap' }, w.host, w.role === 'worker' ? w.queues.join(', ') : '(' + w.role + ')',
    w.role === 'worker' ? w.busy + '/' + w.slots : '', { text: w.tasks.join(', '), class: 'wrap' },
    w.role === 'worker' ? w.completed : '',
    w.heartbeatAgeMs == null ? '' : seconds(w.heartbeatAgeMs) + ' ago',
  ]);
}

function renderQueues(queues) {
  syncRows($('queues').tBodies[0], queues, (q) => q.queue + ':' + q.priority, (q) => [
    q.queue, q.priority, q.jobs, q.ready, q.inflight, q.delayed, { text: q.dead, class: q.dead ? 'error' : '' },
  ]);
}

function renderDead(letters) {
  $('dead-empty').hidden = letters.length > 0;
  syncRows($('dead').tBodies[0], letters, (d) => d.job + '/' + d.task, (d) => [
    { sig: d.job, build: () => el('a', { href: '#job=' + d.job }, d.job) },
    d.task, d.queue, d.attempts, { text: d.error, class: 'error' },
    { sig: d.job, build: () => requeueButton(d.job) },
  ]);
}

function clock(date) { return date.toLocaleTimeString([], { hour12: false }); }

function seconds(ms) { return (ms / 1000).toFixed(ms < 10000 ? 1 : 0) + ' s'; }

// ---- start --------------------------------------------------------------------------------------

document.addEventListener('DOMContentLoaded', () => {
  $('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const value = $('token').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    $('token').value = '';
    start();
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  window.addEventListener('hashchange', poll);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) poll(); });
  if (token()) start(); else showLogin();
});
