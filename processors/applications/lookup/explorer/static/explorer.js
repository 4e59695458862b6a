// The explorer page: reads the form, calls the lookup API, renders the contact.
import {
  errorMessage,
  formatTime,
  kindLabel,
  layoutLineage,
  phoneDisplay,
  windowFraction,
} from './lineage.js';

const form = document.getElementById('lookup');
const token = document.getElementById('token');
const status = document.getElementById('status');
const result = document.getElementById('result');
token.value = sessionStorage.getItem('wai-explorer-token') ?? '';

const el = (tag, attrs = {}, text = '') => {
  const ns = ['svg', 'g', 'rect', 'line', 'text', 'title'].includes(tag)
    ? 'http://www.w3.org/2000/svg'
    : null;
  const node = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== '') node.textContent = text;
  return node;
};

function graph(contact) {
  const g = layoutLineage(contact.lineage, contact.bsuid);
  const svg = el('svg', {
    width: g.width,
    height: g.height,
    role: 'img',
    'aria-label': 'Identity lineage graph',
  });
  for (const e of g.edges) {
    const a = g.nodes[e.from],
      b = g.nodes[e.to];
    svg.append(
      el('line', {
        class: 'edge',
        x1: a.x + 180,
        y1: a.y + 15,
        x2: b.x,
        y2: b.y + 15,
        stroke: '#333',
      }),
    );
    // Under the edge, between the two nodes it joins.
    const mid = (a.x + 180 + b.x) / 2;
    svg.append(
      el('text', { x: mid, y: a.y + 52, 'font-size': 11, 'text-anchor': 'middle' }, e.label),
      el(
        'text',
        { x: mid, y: a.y + 66, 'font-size': 10, 'text-anchor': 'middle' },
        e.eventId ?? '',
      ),
    );
  }
  for (const n of g.nodes) {
    const node = el('g', { class: 'node', 'data-id': n.id });
    node.append(
      el('rect', {
        x: n.x,
        y: n.y,
        width: 180,
        height: 30,
        fill: n.current ? '#cfe2f3' : '#eee',
        stroke: '#333',
      }),
    );
    node.append(el('text', { x: n.x + 6, y: n.y + 20, 'font-size': 12 }, n.id));
    svg.append(node);
  }
  return svg;
}

function render(c) {
  result.replaceChildren();
  const phone = phoneDisplay(c.phone, c.phoneRevealed);
  const facts = el('dl');
  const fact = (k, v) => facts.append(el('dt', {}, k), el('dd', {}, v));
  fact('Contact id', c.contactId ?? 'unknown');
  fact('BSUID', c.bsuid ?? 'unknown');
  fact('Username', c.username ?? 'none');
  fact('Phone', phone.note ? `${phone.text} (${phone.note})` : phone.text);
  const p = c.phoneProvenance;
  fact(
    'Phone known since',
    p ? `${formatTime(p.at)} via ${p.source} (${p.eventId ?? 'no event'})` : 'not known',
  );
  fact('First / last seen', `${formatTime(c.firstSeenAt)} / ${formatTime(c.lastSeenAt)}`);
  result.append(
    el('h2', {}, 'Contact'),
    facts,
    el('h2', {}, 'Lineage'),
    graph(c),
    el('h2', {}, 'Interaction windows'),
  );
  const now = Date.now();
  for (const w of c.interactionWindows) {
    const box = el('div', {
      class: 'barbox',
      role: 'meter',
      'aria-valuemin': 0,
      'aria-valuemax': 100,
      'aria-valuenow': Math.round(windowFraction(w.openUntil, now) * 100),
      'aria-label': `Window ${w.businessPhoneNumberId}`,
    });
    // Through the CSSOM: the page's CSP allows no inline style attributes.
    const bar = el('div', { class: 'bar' });
    bar.style.width = `${windowFraction(w.openUntil, now) * 100}%`;
    box.append(bar);
    result.append(
      el(
        'p',
        {},
        `${w.businessPhoneNumberId}: ${w.open ? 'open' : 'closed'} until ${formatTime(w.openUntil)}`,
      ),
      box,
    );
  }
  const list = el('ul');
  for (const e of c.recentEvents)
    list.append(
      el(
        'li',
        {},
        e.at === null && e.kind === null
          ? e.eventId
          : `${formatTime(e.at)} ${kindLabel(e.kind)} ${e.eventId}`,
      ),
    );
  result.append(el('h2', {}, 'Recent events'), list);
  result.hidden = false;
}

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  sessionStorage.setItem('wai-explorer-token', token.value);
  const portfolio = encodeURIComponent(document.getElementById('portfolio').value.trim());
  const id = encodeURIComponent(document.getElementById('ident').value.trim());
  status.className = '';
  status.textContent = 'Looking up…';
  const res = await fetch(`/v1/contacts/${portfolio}/${id}`, {
    headers: { authorization: `Bearer ${token.value}` },
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    result.hidden = true;
    status.className = 'error';
    status.textContent = errorMessage(res.status, body);
    return;
  }
  status.textContent = 'Contact found.';
  render(body);
});
