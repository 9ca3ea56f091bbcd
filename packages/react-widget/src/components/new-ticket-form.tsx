'use client';
import type { CustomFieldDefinition, JsonObject } from '@ticketkit/core';
import type { CreditQuoteView, CustomerTicketDetail } from '@ticketkit/core/server';
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useCreateTicket, useCreditQuote, useSupportConfig } from '../react/hooks';

type Errors = Partial<Record<string, string>>;

/**
 * The exported zod schema of the form, loaded on demand: zod is most of its weight, so the
 * widget entry stays small and the schema arrives while the customer types.
 */
let schemaModule: Promise<typeof import('@ticketkit/core/server')> | undefined;
function loadSchema() {
  schemaModule ??= import('@ticketkit/core/server');
  return schemaModule;
}

function newIdempotencyKey(): string {
  return `widget-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * The new-request form: subject, topic, priority (when the tenant allows), the tenant's
 * customer-editable custom fields and the message, validated with the exported
 * `customerCreateTicketSchema` before it is sent. When requests cost credits, the cost is shown
 * before submitting (and what the overdraft pays); a short balance disables sending with a
 * clear message, or, when the tenant lets short requests wait, says that it will wait.
 */
export function NewTicketForm(props: { onCreated: (detail: CustomerTicketDetail) => void }) {
  const config = useSupportConfig().data;
  const create = useCreateTicket();
  const i18n = useI18n();
  const ids = {
    subject: useId(),
    category: useId(),
    priority: useId(),
    message: useId(),
    fields: useId(),
    cost: useId(),
  };
  const [subject, setSubject] = useState('');
  const [category, setCategory] = useState('');
  const [priority, setPriority] = useState('');
  const [message, setMessage] = useState('');
  const [fields, setFields] = useState<Record<string, string | boolean | string[]>>({});
  const [errors, setErrors] = useState<Errors>({});
  const [idempotencyKey] = useState(newIdempotencyKey);
  const settings = config?.settings;
  const quote = useCreditQuote();
  const cost = quoteState(quote.data);
  const customFields = (): JsonObject => {
    const result: JsonObject = {};
    for (const field of settings?.customFields ?? []) {
      const value = fields[field.key];
      if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      result[field.key] = field.type === 'number' ? Number(value) : (value as string | boolean | string[]);
    }
    return result;
  };

  useEffect(() => {
    void loadSchema();
  }, []);

  const submit = async () => {
    const { customerCreateTicketSchema } = await loadSchema();
    const input = {
      subject,
      message: { body: message },
      idempotencyKey,
      ...(category === '' ? {} : { category }),
      ...(priority === '' ? {} : { priority }),
      ...(Object.keys(customFields()).length === 0 ? {} : { customFields: customFields() }),
    };
    const parsed = customerCreateTicketSchema.safeParse(input);
    const found: Errors = {};
    for (const field of settings?.customFields ?? []) {
      if (field.required && input.customFields?.[field.key] === undefined)
        found[`field:${field.key}`] = i18n.t('required');
    }
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'message' ? 'message' : String(issue.path[0]);
        found[key] ??= issue.code === 'too_big' ? i18n.t('tooLong') : i18n.t('required');
      }
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) return;
    const detail = await create.run(parsed.data);
    if (detail !== undefined) props.onCreated(detail);
    else quote.refresh();
  };

  const serverError = create.error;
  const invalid = (key: string) => (errors[key] === undefined ? undefined : true);
  const describedBy = (key: string, id: string) => (errors[key] === undefined ? undefined : `${id}-error`);
  const errorText = (key: string, id: string) =>
    errors[key] === undefined ? null : (
      <span id={`${id}-error`} className="tk-error">
        {errors[key]}
      </span>
    );

  return (
    <form
      className="tk-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="tk-field">
        <label htmlFor={ids.subject}>{i18n.t('subject')}</label>
        <input
          id={ids.subject}
          className="tk-input"
          value={subject}
          maxLength={500}
          aria-invalid={invalid('subject')}
          aria-describedby={describedBy('subject', ids.subject)}
          onChange={(event) => setSubject(event.target.value)}
        />
        {errorText('subject', ids.subject)}
      </div>
      {settings !== undefined && settings.categories.length > 0 ? (
        <div className="tk-field">
          <label htmlFor={ids.category}>{i18n.t('category')}</label>
          <select
            id={ids.category}
            className="tk-input"
            value={category}
            onChange={(event) => setCategory(event.target.value)}
          >
            <option value="">{i18n.t('categoryNone')}</option>
            {settings.categories.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {settings?.customerCanSetPriority ? (
        <div className="tk-field">
          <label htmlFor={ids.priority}>{i18n.t('priority')}</label>
          <select
            id={ids.priority}
            className="tk-input"
            value={priority}
            onChange={(event) => setPriority(event.target.value)}
          >
            <option value="">{i18n.t(`priority_${settings.defaultPriority}`)}</option>
            {(['urgent', 'high', 'medium', 'low'] as const)
              .filter((value) => value !== settings.defaultPriority)
              .map((value) => (
                <option key={value} value={value}>
                  {i18n.t(`priority_${value}`)}
                </option>
              ))}
          </select>
        </div>
      ) : null}
      {(settings?.customFields ?? []).map((field) => (
        <CustomFieldInput
          key={field.key}
          id={`${ids.fields}-${field.key}`}
          field={field}
          value={fields[field.key]}
          error={errors[`field:${field.key}`]}
          onChange={(value) => setFields((current) => ({ ...current, [field.key]: value }))}
        />
      ))}
      <div className="tk-field">
        <label htmlFor={ids.message}>{i18n.t('message')}</label>
        <textarea
          id={ids.message}
          className="tk-input"
          value={message}
          maxLength={65_536}
          aria-invalid={invalid('message')}
          aria-describedby={describedBy('message', ids.message)}
          onChange={(event) => setMessage(event.target.value)}
        />
        {errorText('message', ids.message)}
      </div>
      {cost !== null && quote.data !== null ? (
        <p
          id={ids.cost}
          className={cost === 'affordable' ? 'tk-notice' : 'tk-error'}
          data-tone={cost === 'waits' ? 'warning' : undefined}
          role="status"
        >
          {cost === 'out_of_scope'
            ? i18n.t('outOfScope')
            : cost === 'affordable'
              ? quote.data.fromOverdraft > 0
                ? i18n.t('costPreviewOverdraft', {
                    count: quote.data.cost ?? 0,
                    overdraft: quote.data.fromOverdraft,
                  })
                : i18n.t('costPreview', { count: quote.data.cost ?? 0, available: quote.data.available })
              : i18n.t(cost === 'waits' ? 'notEnoughCreditsWait' : 'notEnoughCredits', {
                  cost: quote.data.cost ?? 0,
                  available: quote.data.available,
                })}
        </p>
      ) : null}
      {serverError !== null ? (
        <p role="alert" className="tk-error">
          {serverError.code === 'INSUFFICIENT_CREDITS'
            ? i18n.t('notEnoughCredits', {
                cost: Number(serverError.details.required ?? 0),
                available: Number(serverError.details.available ?? 0),
              })
            : serverError.code === 'SERVICE_OUT_OF_SCOPE'
              ? i18n.t('outOfScope')
              : i18n.t('errorGeneric')}
        </p>
      ) : null}
      <button
        type="submit"
        className="tk-button"
        disabled={create.pending || cost === 'short' || cost === 'out_of_scope'}
        aria-describedby={cost === null ? undefined : ids.cost}
      >
        {create.pending ? i18n.t('submitting') : i18n.t('submit')}
      </button>
    </form>
  );
}

/**
 * What the quote means for the form: `affordable` (the cost is shown), `short` (refused until
 * the customer tops up: sending is disabled), `waits` (it can be sent and waits for credits),
 * `out_of_scope` (the plan does not cover requests); null when requests cost nothing.
 */
function quoteState(quote: CreditQuoteView | null): 'affordable' | 'short' | 'waits' | 'out_of_scope' | null {
  if (quote === null || !quote.billed) return null;
  if (quote.cost === null) return 'out_of_scope';
  if (quote.sufficient) return 'affordable';
  return quote.whenShort === 'await_credits' ? 'waits' : 'short';
}

function CustomFieldInput(props: {
  id: string;
  field: CustomFieldDefinition;
  value: string | boolean | string[] | undefined;
  error: string | undefined;
  onChange: (value: string | boolean | string[]) => void;
}) {
  const { id, field, value, error } = props;
  const common = {
    id,
    className: 'tk-input',
    'aria-invalid': error === undefined ? undefined : true,
    'aria-describedby': error === undefined ? undefined : `${id}-error`,
    'aria-required': field.required || undefined,
  };
  let input: React.ReactNode;
  if (field.type === 'boolean') {
    input = (
      <input
        {...common}
        type="checkbox"
        checked={value === true}
        onChange={(event) => props.onChange(event.target.checked)}
      />
    );
  } else if (field.type === 'select' || field.type === 'multiselect') {
    const multiple = field.type === 'multiselect';
    input = (
      <select
        {...common}
        multiple={multiple}
        value={multiple ? ((value as string[] | undefined) ?? []) : ((value as string | undefined) ?? '')}
        onChange={(event) =>
          props.onChange(
            multiple
              ? Array.from(event.target.selectedOptions, (option) => option.value)
              : event.target.value,
          )
        }
      >
        {multiple ? null : <option value="" />}
        {(field.options ?? []).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    input = (
      <input
        {...common}
        type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
        value={(value as string | undefined) ?? ''}
        onChange={(event) => props.onChange(event.target.value)}
      />
    );
  }
  return (
    <div className="tk-field">
      <label htmlFor={id}>{field.label}</label>
      {input}
      {error === undefined ? null : (
        <span id={`${id}-error`} className="tk-error">
          {error}
        </span>
      )}
    </div>
  );
}
