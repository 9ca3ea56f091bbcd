/**
 * The demo's agent console: the queue (with filters, escalation level and SLA due times), a
 * ticket with its whole thread including internal notes, and reply, note, assign, move and
 * escalate. It calls the same ticketkit handler as the widget, as an agent (the demo's session
 * cookie), and follows live updates over server-sent events.
 */
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const API = '/api/support';

interface QueueTicket {
  id: string;
  number: number;
  subject: string;
  priority: string;
  statusCategory: string;
  stageId: string;
  assigneeId: string | null;
  teamId: string | null;
  updatedAt: string;
  unread: number;
  escalationLevel: number;
  requester: { name: string | null; email: string | null } | null;
  slaSummary: {
    state: 'running' | 'paused' | 'completed' | 'none';
    nextMetric: string | null;
    nextDueAt: string | null;
    breached: boolean;
  };
}
interface Message {
  id: string;
  body: string;
  visibility: 'public' | 'internal';
  author: { kind: string; id: string | null };
  createdAt: string;
}
interface Directory {
  agents: Array<{ id: string; name: string }>;
  teams: Array<{ id: string; name: string }>;
  pipelines: Array<{ id: string; stages: Array<{ id: string; name: string }> }>;
  escalationLevels: Array<{ level: number; name: string }>;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const payload = await response.json();
  if (!response.ok) throw new Error(`${payload.error.code}: ${payload.error.message}`);
  return payload as T;
}

const time = (iso: string) => new Date(iso).toLocaleString();

const METRICS: Record<string, string> = {
  first_response: 'first reply',
  next_response: 'next reply',
  periodic_update: 'update',
  resolution: 'resolution',
};

/** The ticket's SLA line: the next due time and its metric, paused, met, or none. */
function slaDue(ticket: QueueTicket): string {
  const sla = ticket.slaSummary;
  const breached = sla.breached ? ' (breached)' : '';
  if (sla.state === 'running' && sla.nextDueAt !== null)
    return `${time(sla.nextDueAt)} ${METRICS[sla.nextMetric ?? ''] ?? ''}${breached}`;
  if (sla.state === 'paused') return `paused${breached}`;
  if (sla.state === 'completed') return sla.breached ? 'breached' : 'met';
  return '—';
}

function Console() {
  const [signedIn, setSignedIn] = useState(true);
  const [directory, setDirectory] = useState<Directory | null>(null);
  const [filter, setFilter] = useState('open');
  const [queue, setQueue] = useState<QueueTicket[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [detail, setDetail] = useState<{ ticket: QueueTicket; messages: Message[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadQueue = useCallback(async () => {
    const query =
      filter === 'open'
        ? '?category=new&category=open&category=pending&category=on_hold&sort=priority'
        : filter === 'unassigned'
          ? '?assigneeId=null&sort=priority'
          : '?sort=updatedAt';
    const page = await call<{ items: QueueTicket[] }>('GET', `/tickets${query}`);
    setQueue(page.items);
  }, [filter]);
  const loadDetail = useCallback(async () => {
    if (selected !== null) setDetail(await call('GET', `/tickets/${selected}`));
  }, [selected]);

  useEffect(() => {
    call<Directory>('GET', '/directory')
      .then(setDirectory)
      .catch(() => setSignedIn(false));
  }, []);
  useEffect(() => {
    if (signedIn) void loadQueue().catch(() => setSignedIn(false));
  }, [loadQueue, signedIn]);
  useEffect(() => {
    void loadDetail().catch((failure: Error) => setError(failure.message));
  }, [loadDetail]);
  useEffect(() => {
    if (!signedIn) return;
    const source = new EventSource(`${API}/events`);
    const refresh = () => {
      void loadQueue();
      void loadDetail();
    };
    source.addEventListener('sync', refresh);
    source.addEventListener('change', refresh);
    return () => source.close();
  }, [signedIn, loadQueue, loadDetail]);

  if (!signedIn) return <p style={{ padding: 16 }}>Choose an agent above to sign in.</p>;

  const act = async (run: () => Promise<unknown>) => {
    setError(null);
    try {
      await run();
      await Promise.all([loadQueue(), loadDetail()]);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const agentName = (id: string | null) => directory?.agents.find((agent) => agent.id === id)?.name ?? '—';
  const levelName = (level: number) =>
    directory?.escalationLevels.find((candidate) => candidate.level === level)?.name ?? `L${level}`;
  const stages = directory?.pipelines.find((pipeline) => pipeline.id === 'default')?.stages ?? [];

  return (
    <div className="layout">
      <section className="queue" aria-label="Queue">
        <div className="row">
          <label>
            Show{' '}
            <select value={filter} onChange={(event) => setFilter(event.target.value)}>
              <option value="open">Open tickets</option>
              <option value="unassigned">Unassigned</option>
              <option value="all">All tickets</option>
            </select>
          </label>
        </div>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>Subject</th>
              <th>Requester</th>
              <th>Status</th>
              <th>Priority</th>
              <th>Assignee</th>
              <th>Level</th>
              <th>SLA due</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((ticket) => (
              <tr key={ticket.id} aria-selected={ticket.id === selected}>
                <td>{ticket.number}</td>
                <td>
                  <button type="button" onClick={() => setSelected(ticket.id)}>
                    {ticket.subject}
                  </button>
                  {ticket.unread > 0 ? <span className="meta"> · {ticket.unread} new</span> : null}
                </td>
                <td>{ticket.requester?.name ?? ticket.requester?.email ?? '—'}</td>
                <td>{ticket.stageId}</td>
                <td>{ticket.priority}</td>
                <td>{agentName(ticket.assigneeId)}</td>
                <td>{levelName(ticket.escalationLevel)}</td>
                <td>{slaDue(ticket)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="detail" aria-label="Ticket">
        {error !== null ? <p role="alert">{error}</p> : null}
        {detail === null ? (
          <p className="meta">Select a ticket.</p>
        ) : (
          <TicketDetail
            detail={detail}
            stages={stages}
            agents={directory?.agents ?? []}
            levelName={levelName}
            canEscalate={(directory?.escalationLevels.length ?? 0) > detail.ticket.escalationLevel}
            act={act}
          />
        )}
      </section>
    </div>
  );
}

function TicketDetail(props: {
  detail: { ticket: QueueTicket; messages: Message[] };
  stages: Array<{ id: string; name: string }>;
  agents: Array<{ id: string; name: string }>;
  levelName: (level: number) => string;
  canEscalate: boolean;
  act: (run: () => Promise<unknown>) => Promise<void>;
}) {
  const { ticket, messages } = props.detail;
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [stage, setStage] = useState(ticket.stageId);
  const [assignee, setAssignee] = useState(ticket.assigneeId ?? '');
  const [tried, setTried] = useState('');
  // Follow the stored values when they change (here or elsewhere), each on its own, so a
  // reload after one action does not undo what the agent picked in the other control.
  useEffect(() => setStage(ticket.stageId), [ticket.stageId]);
  useEffect(() => setAssignee(ticket.assigneeId ?? ''), [ticket.assigneeId]);
  const path = `/tickets/${ticket.id}`;
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') return;
    void props.act(async () => {
      await call('POST', `${path}/${internal ? 'notes' : 'replies'}`, { body });
      setBody('');
    });
  };
  return (
    <>
      <h2>
        #{ticket.number} {ticket.subject}
      </h2>
      <p className="meta">
        {ticket.requester?.name} · {ticket.stageId} · {ticket.priority} ·{' '}
        {props.levelName(ticket.escalationLevel)} · SLA due {slaDue(ticket)}
      </p>
      <ol className="thread" aria-label="Thread">
        {messages.map((message) => (
          <li key={message.id} className={message.visibility}>
            <span className="meta">
              {message.visibility === 'internal' ? 'Internal note · ' : ''}
              {message.author.kind} · {time(message.createdAt)}
            </span>
            <div>{message.body}</div>
          </li>
        ))}
      </ol>
      <form onSubmit={send}>
        <label htmlFor="reply-body">{internal ? 'Internal note' : 'Reply to customer'}</label>
        <textarea id="reply-body" value={body} onChange={(event) => setBody(event.target.value)} />
        <div className="row">
          <label>
            <input
              type="checkbox"
              checked={internal}
              onChange={(event) => setInternal(event.target.checked)}
            />{' '}
            Staff only
          </label>
          <button type="submit">{internal ? 'Add note' : 'Send reply'}</button>
        </div>
      </form>
      <div className="row">
        <label>
          Stage{' '}
          <select value={stage} onChange={(event) => setStage(event.target.value)}>
            {props.stages.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => void props.act(() => call('POST', `${path}/transition`, { stageId: stage }))}
        >
          Move
        </button>
      </div>
      <div className="row">
        <label>
          Assignee{' '}
          <select value={assignee} onChange={(event) => setAssignee(event.target.value)}>
            <option value="">Unassigned</option>
            {props.agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            void props.act(() =>
              call('POST', `${path}/assign`, { assigneeId: assignee === '' ? null : assignee }),
            )
          }
        >
          Assign
        </button>
      </div>
      {props.canEscalate ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (tried.trim() === '') return;
            void props.act(async () => {
              await call('POST', `${path}/escalate`, { note: tried });
              setTried('');
            });
          }}
        >
          <label htmlFor="escalate-note">What was tried before escalating</label>
          <textarea id="escalate-note" value={tried} onChange={(event) => setTried(event.target.value)} />
          <div className="row">
            <button type="submit">Escalate to {props.levelName(ticket.escalationLevel + 1)}</button>
          </div>
        </form>
      ) : (
        <p className="meta">At the highest escalation level.</p>
      )}
    </>
  );
}

const root = document.getElementById('console');
if (root !== null) createRoot(root).render(<Console />);
