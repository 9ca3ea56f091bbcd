/**
 * Every text the default components show. Values may contain `{name}` placeholders; keys
 * ending in a plural category (`_one`, `_other`, ...) are chosen with `Intl.PluralRules`.
 */
export interface WidgetMessages {
  launcher: string;
  close: string;
  title: string;
  back: string;
  myRequests: string;
  newRequest: string;
  noRequests: string;
  loading: string;
  retry: string;
  errorGeneric: string;
  reconnecting: string;
  subject: string;
  category: string;
  categoryNone: string;
  priority: string;
  message: string;
  required: string;
  tooLong: string;
  submit: string;
  submitting: string;
  reply: string;
  replyLabel: string;
  sending: string;
  you: string;
  support: string;
  system: string;
  threadLabel: string;
  status_new: string;
  status_open: string;
  status_pending: string;
  status_on_hold: string;
  status_resolved: string;
  status_closed: string;
  priority_urgent: string;
  priority_high: string;
  priority_medium: string;
  priority_low: string;
  unread_one: string;
  unread_other: string;
  csatQuestion: string;
  csatScore: string;
  csatThumbsUp: string;
  csatThumbsDown: string;
  csatComment: string;
  csatSubmit: string;
  csatThanks: string;
  csatChangeUntil: string;
  credits: string;
  creditsAvailable_one: string;
  creditsAvailable_other: string;
  creditsHeld: string;
  creditsOverdraft: string;
  creditsExpiringSoon_one: string;
  creditsExpiringSoon_other: string;
  creditsPacks: string;
  creditsNoPacks: string;
  creditsExpires_one: string;
  creditsExpires_other: string;
  creditsNeverExpire_one: string;
  creditsNeverExpire_other: string;
  creditsHistory: string;
  ledger_increment: string;
  ledger_decrement: string;
  ledger_hold: string;
  ledger_hold_posted: string;
  ledger_hold_voided: string;
  ledger_hold_expired: string;
  ledger_expiration_change: string;
  ledger_credit_block_expiry: string;
  ledger_void: string;
  ledger_amendment: string;
  costPreview_one: string;
  costPreview_other: string;
  costPreviewOverdraft_one: string;
  costPreviewOverdraft_other: string;
  notEnoughCredits: string;
  notEnoughCreditsWait: string;
  outOfScope: string;
  awaitingCredits: string;
  awaitingCreditsShort: string;
  deskOpen: string;
  deskClosed: string;
  deskOpensAt: string;
  expectedReply: string;
  expectedReplyBy: string;
}

/** English messages. */
export const en: WidgetMessages = {
  launcher: 'Open support',
  close: 'Close support',
  title: 'Support',
  back: 'Back',
  myRequests: 'Your requests',
  newRequest: 'New request',
  noRequests: 'No requests yet. Ask us anything.',
  loading: 'Loading…',
  retry: 'Try again',
  errorGeneric: 'Something went wrong. Please try again.',
  reconnecting: 'Reconnecting… new replies will appear when the connection is back.',
  subject: 'Subject',
  category: 'Topic',
  categoryNone: 'Choose a topic',
  priority: 'Priority',
  message: 'How can we help?',
  required: 'Please fill this in.',
  tooLong: 'This is too long.',
  submit: 'Send request',
  submitting: 'Sending…',
  reply: 'Send',
  replyLabel: 'Your reply',
  sending: 'Sending…',
  you: 'You',
  support: 'Support',
  system: 'Update',
  threadLabel: 'Conversation',
  status_new: 'Received',
  status_open: 'In progress',
  status_pending: 'Waiting for you',
  status_on_hold: 'On hold',
  status_resolved: 'Resolved',
  status_closed: 'Closed',
  priority_urgent: 'Urgent',
  priority_high: 'High',
  priority_medium: 'Normal',
  priority_low: 'Low',
  unread_one: '{count} unread reply',
  unread_other: '{count} unread replies',
  csatQuestion: 'How did we do?',
  csatScore: '{score} out of {max}',
  csatThumbsUp: 'Good',
  csatThumbsDown: 'Not good',
  csatComment: 'Anything to add? (optional)',
  csatSubmit: 'Send rating',
  csatThanks: 'Thanks for your feedback!',
  csatChangeUntil: 'You can change your rating until {date}.',
  credits: 'Credits',
  creditsAvailable_one: '{count} credit available',
  creditsAvailable_other: '{count} credits available',
  creditsHeld: '{count} reserved for open requests',
  creditsOverdraft: '{count} used on overdraft (taken from your next pack)',
  creditsExpiringSoon_one: '{count} credit expires within {days} days.',
  creditsExpiringSoon_other: '{count} credits expire within {days} days.',
  creditsPacks: 'Your credit packs',
  creditsNoPacks: 'You have no credit packs.',
  creditsExpires_one: '{count} credit expires on {date}',
  creditsExpires_other: '{count} credits expire on {date}',
  creditsNeverExpire_one: '{count} credit never expires',
  creditsNeverExpire_other: '{count} credits never expire',
  creditsHistory: 'Recent activity',
  ledger_increment: 'Credits added',
  ledger_decrement: 'Charged',
  ledger_hold: 'Reserved for a request',
  ledger_hold_posted: 'Charged for a request',
  ledger_hold_voided: 'Reservation released',
  ledger_hold_expired: 'Reservation released',
  ledger_expiration_change: 'Expiry changed',
  ledger_credit_block_expiry: 'Expired',
  ledger_void: 'Removed',
  ledger_amendment: 'Refunded',
  costPreview_one: 'This request uses {count} credit. You have {available}.',
  costPreview_other: 'This request uses {count} credits. You have {available}.',
  costPreviewOverdraft_one: 'This request uses {count} credit, {overdraft} of it on overdraft.',
  costPreviewOverdraft_other: 'This request uses {count} credits, {overdraft} of them on overdraft.',
  notEnoughCredits:
    'Not enough credits: this request needs {cost} and you have {available}. Top up to send it.',
  notEnoughCreditsWait:
    'Not enough credits: this request needs {cost} and you have {available}. You can send it now; we start on it once you top up.',
  outOfScope: 'Your plan does not cover this kind of request.',
  awaitingCredits: 'This request is waiting for credits. Top up and we will start on it.',
  awaitingCreditsShort: 'Waiting for credits',
  deskOpen: 'We are online.',
  deskClosed: 'We are away right now. Leave a message and we will reply when we are back.',
  deskOpensAt: 'Back {date}.',
  expectedReply: 'We usually reply within {duration}.',
  expectedReplyBy: 'Expect a first reply by {date}.',
};

/** Japanese messages. */
export const ja: WidgetMessages = {
  launcher: 'サポートを開く',
  close: 'サポートを閉じる',
  title: 'サポート',
  back: '戻る',
  myRequests: 'お問い合わせ一覧',
  newRequest: '新しいお問い合わせ',
  noRequests: 'お問い合わせはまだありません。お気軽にご連絡ください。',
  loading: '読み込み中…',
  retry: '再試行',
  errorGeneric: 'エラーが発生しました。もう一度お試しください。',
  reconnecting: '再接続しています…接続が戻ると新しい返信が表示されます。',
  subject: '件名',
  category: 'カテゴリ',
  categoryNone: 'カテゴリを選択',
  priority: '優先度',
  message: 'お問い合わせ内容',
  required: '入力してください。',
  tooLong: '長すぎます。',
  submit: '送信する',
  submitting: '送信中…',
  reply: '送信',
  replyLabel: '返信',
  sending: '送信中…',
  you: 'あなた',
  support: 'サポート',
  system: 'お知らせ',
  threadLabel: 'やり取り',
  status_new: '受付済み',
  status_open: '対応中',
  status_pending: 'お客様の返信待ち',
  status_on_hold: '保留中',
  status_resolved: '解決済み',
  status_closed: '完了',
  priority_urgent: '緊急',
  priority_high: '高',
  priority_medium: '通常',
  priority_low: '低',
  unread_one: '未読の返信 {count} 件',
  unread_other: '未読の返信 {count} 件',
  csatQuestion: '今回の対応はいかがでしたか？',
  csatScore: '{max} 段階中 {score}',
  csatThumbsUp: '良い',
  csatThumbsDown: '良くない',
  csatComment: 'ご意見（任意）',
  csatSubmit: '評価を送信',
  csatThanks: 'ご評価ありがとうございます。',
  csatChangeUntil: '{date} まで評価を変更できます。',
  credits: 'クレジット',
  creditsAvailable_one: '利用可能なクレジット {count}',
  creditsAvailable_other: '利用可能なクレジット {count}',
  creditsHeld: '対応中のお問い合わせに {count} を確保済み',
  creditsOverdraft: '{count} を前借り中（次回のパックから差し引かれます）',
  creditsExpiringSoon_one: '{count} クレジットが {days} 日以内に失効します。',
  creditsExpiringSoon_other: '{count} クレジットが {days} 日以内に失効します。',
  creditsPacks: 'クレジットパック',
  creditsNoPacks: 'クレジットパックはありません。',
  creditsExpires_one: '{count} クレジットは {date} に失効します',
  creditsExpires_other: '{count} クレジットは {date} に失効します',
  creditsNeverExpire_one: '{count} クレジットは無期限です',
  creditsNeverExpire_other: '{count} クレジットは無期限です',
  creditsHistory: '最近の利用',
  ledger_increment: 'クレジット追加',
  ledger_decrement: '利用',
  ledger_hold: 'お問い合わせのために確保',
  ledger_hold_posted: 'お問い合わせで利用',
  ledger_hold_voided: '確保を解除',
  ledger_hold_expired: '確保を解除',
  ledger_expiration_change: '有効期限の変更',
  ledger_credit_block_expiry: '失効',
  ledger_void: '取り消し',
  ledger_amendment: '返金',
  costPreview_one: 'このお問い合わせには {count} クレジットを使用します（残り {available}）。',
  costPreview_other: 'このお問い合わせには {count} クレジットを使用します（残り {available}）。',
  costPreviewOverdraft_one:
    'このお問い合わせには {count} クレジットを使用します（うち {overdraft} は前借り）。',
  costPreviewOverdraft_other:
    'このお問い合わせには {count} クレジットを使用します（うち {overdraft} は前借り）。',
  notEnoughCredits:
    'クレジットが不足しています。必要: {cost}、残り: {available}。チャージしてから送信してください。',
  notEnoughCreditsWait:
    'クレジットが不足しています。必要: {cost}、残り: {available}。送信はできますが、対応はチャージ後に開始します。',
  outOfScope: 'ご契約のプランではこの種類のお問い合わせは対象外です。',
  awaitingCredits: 'このお問い合わせはクレジットのチャージ待ちです。チャージ後に対応を開始します。',
  awaitingCreditsShort: 'チャージ待ち',
  deskOpen: 'ただいま対応中です。',
  deskClosed: 'ただいま営業時間外です。メッセージを残していただければ、営業再開後に返信いたします。',
  deskOpensAt: '再開: {date}',
  expectedReply: '通常 {duration} 以内に返信いたします。',
  expectedReplyBy: '{date} までに最初の返信をお送りする予定です。',
};

/** The built-in translations, by language. */
export const builtInMessages: Readonly<Record<'en' | 'ja', WidgetMessages>> = { en, ja };
