/**
 * Pure Block Kit limit checks used by the fake Slack Web API.
 *
 * Every message mirrors the wording Slack puts in `errors` / `response_metadata.messages`:
 * the reason, then a JSON pointer into the request, e.g.
 * `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
 * Slack phrases "at most N" as "less than N+1", so we do too.
 *
 * Only limits that Slack actually enforces server-side are checked: a stricter fake would
 * fail tests for payloads real Slack accepts.
 */

export type Surface = 'message' | 'modal' | 'home';

/** Published Block Kit limits. Exported so tests and builders can reference the same numbers. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  messageText: 40_000,
  sectionText: 3000,
  sectionField: 2000,
  sectionFields: 10,
  headerText: 150,
  markdownText: 12_000,
  contextElements: 10,
  actionsElements: 25,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  imageTitle: 2000,
  url: 3000,
  id: 255,
  buttonText: 75,
  buttonValue: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  selectOptions: 100,
  selectOptionGroups: 100,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  plainTextInputMaxLength: 3000,
  viewTitle: 24,
  viewButton: 24,
  privateMetadata: 3000,
} as const;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const at = (pointer: string): string => `[json-pointer:${pointer}]`;

const tooLong = (max: number, pointer: string): string =>
  `must be less than ${max + 1} characters ${at(pointer)}`;

const tooMany = (max: number, pointer: string): string =>
  `no more than ${max} items allowed ${at(pointer)}`;

/** Collects reasons while walking one payload. */
class Checker {
  readonly errors: string[] = [];

  add(reason: string): void {
    this.errors.push(reason);
  }

  maxString(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) this.add(tooLong(max, pointer));
  }

  maxItems(value: unknown, max: number, pointer: string): void {
    if (Array.isArray(value) && value.length > max) this.add(tooMany(max, pointer));
  }

  /** A text object (`{ type, text }`); `required` also rejects an empty string as Slack does. */
  textObject(value: unknown, max: number, pointer: string, required: boolean): void {
    if (value === undefined) {
      if (required) this.add(`missing required field: text ${at(pointer)}`);
      return;
    }
    if (!isObject(value) || typeof value.text !== 'string') {
      this.add(`must be a text object ${at(pointer)}`);
      return;
    }
    if (required && value.text.length === 0) {
      this.add(`must be more than 0 characters ${at(`${pointer}/text`)}`);
    }
    this.maxString(value.text, max, `${pointer}/text`);
  }

  option(value: unknown, pointer: string): void {
    if (!isObject(value)) return;
    this.textObject(value.text, LIMITS.optionText, `${pointer}/text`, false);
    this.maxString(value.value, LIMITS.optionValue, `${pointer}/value`);
    this.textObject(value.description, LIMITS.optionDescription, `${pointer}/description`, false);
    this.maxString(value.url, LIMITS.url, `${pointer}/url`);
  }

  options(value: unknown, max: number, pointer: string): void {
    if (!Array.isArray(value)) return;
    this.maxItems(value, max, pointer);
    value.forEach((option, i) => this.option(option, `${pointer}/${i}`));
  }

  /** Interactive or display element inside a block (accessory, actions, input, context). */
  element(value: unknown, pointer: string): void {
    if (!isObject(value)) return;
    this.maxString(value.action_id, LIMITS.id, `${pointer}/action_id`);
    this.textObject(value.placeholder, LIMITS.placeholder, `${pointer}/placeholder`, false);

    switch (value.type) {
      case 'button':
        this.textObject(value.text, LIMITS.buttonText, `${pointer}/text`, true);
        this.maxString(value.value, LIMITS.buttonValue, `${pointer}/value`);
        this.maxString(value.url, LIMITS.url, `${pointer}/url`);
        break;
      case 'static_select':
      case 'multi_static_select':
        this.options(value.options, LIMITS.selectOptions, `${pointer}/options`);
        this.maxItems(value.option_groups, LIMITS.selectOptionGroups, `${pointer}/option_groups`);
        if (Array.isArray(value.option_groups)) {
          value.option_groups.forEach((group, i) => {
            if (isObject(group)) {
              this.options(group.options, LIMITS.selectOptions, `${pointer}/option_groups/${i}/options`);
            }
          });
        }
        break;
      case 'overflow':
        this.options(value.options, LIMITS.overflowOptions, `${pointer}/options`);
        break;
      case 'checkboxes':
        this.options(value.options, LIMITS.checkboxOptions, `${pointer}/options`);
        break;
      case 'radio_buttons':
        this.options(value.options, LIMITS.radioOptions, `${pointer}/options`);
        break;
      case 'plain_text_input':
        this.plainTextInput(value, pointer);
        break;
      case 'image':
        this.maxString(value.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`);
        this.maxString(value.image_url, LIMITS.url, `${pointer}/image_url`);
        break;
      default:
        break;
    }
  }

  plainTextInput(value: Json, pointer: string): void {
    const max = LIMITS.plainTextInputMaxLength;
    if (typeof value.max_length === 'number' && value.max_length > max) {
      this.add(`must be less than or equal to ${max} ${at(`${pointer}/max_length`)}`);
    }
    if (typeof value.min_length === 'number' && value.min_length > max) {
      this.add(`must be less than or equal to ${max} ${at(`${pointer}/min_length`)}`);
    }
    // Slack rejects a pre-filled value that the user could not have typed themselves.
    const limit = typeof value.max_length === 'number' ? value.max_length : max;
    this.maxString(value.initial_value, limit, `${pointer}/initial_value`);
  }

  block(value: unknown, pointer: string): void {
    if (!isObject(value) || typeof value.type !== 'string') {
      this.add(`missing required field: type ${at(pointer)}`);
      return;
    }
    this.maxString(value.block_id, LIMITS.id, `${pointer}/block_id`);

    switch (value.type) {
      case 'section':
        if (value.text === undefined && value.fields === undefined) {
          this.add(`must define either \`text\` or \`fields\` ${at(pointer)}`);
        }
        if (value.text !== undefined) {
          this.textObject(value.text, LIMITS.sectionText, `${pointer}/text`, true);
        }
        if (Array.isArray(value.fields)) {
          this.maxItems(value.fields, LIMITS.sectionFields, `${pointer}/fields`);
          value.fields.forEach((field, i) =>
            this.textObject(field, LIMITS.sectionField, `${pointer}/fields/${i}`, false),
          );
        }
        this.element(value.accessory, `${pointer}/accessory`);
        break;
      case 'header':
        this.textObject(value.text, LIMITS.headerText, `${pointer}/text`, true);
        break;
      case 'markdown':
        this.maxString(value.text, LIMITS.markdownText, `${pointer}/text`);
        break;
      case 'context':
        if (Array.isArray(value.elements)) {
          this.maxItems(value.elements, LIMITS.contextElements, `${pointer}/elements`);
          value.elements.forEach((el, i) => this.element(el, `${pointer}/elements/${i}`));
        }
        break;
      case 'actions':
        if (Array.isArray(value.elements)) {
          this.maxItems(value.elements, LIMITS.actionsElements, `${pointer}/elements`);
          value.elements.forEach((el, i) => this.element(el, `${pointer}/elements/${i}`));
        }
        break;
      case 'input':
        this.textObject(value.label, LIMITS.inputLabel, `${pointer}/label`, true);
        this.textObject(value.hint, LIMITS.inputHint, `${pointer}/hint`, false);
        this.element(value.element, `${pointer}/element`);
        break;
      case 'image':
        this.maxString(value.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`);
        this.maxString(value.image_url, LIMITS.url, `${pointer}/image_url`);
        this.textObject(value.title, LIMITS.imageTitle, `${pointer}/title`, false);
        break;
      default:
        // divider, rich_text, file, video, …: nothing we check.
        break;
    }
  }

  blocks(surface: Surface, value: unknown, pointer: string): void {
    if (!Array.isArray(value)) {
      this.add(`must be an array ${at(pointer)}`);
      return;
    }
    const max = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
    this.maxItems(value, max, pointer);
    value.forEach((block, i) => this.block(block, `${pointer}/${i}`));
  }
}

/**
 * Checks an array of blocks against Slack's limits for the given surface.
 * Returns human readable reasons (empty when valid); `pointer` is where the array sits in
 * the request, so reasons point at the offending field like Slack's do.
 */
export function validateBlocks(surface: Surface, blocks: unknown, pointer = '/blocks'): string[] {
  const checker = new Checker();
  checker.blocks(surface, blocks, pointer);
  return checker.errors;
}

/** Checks a `view` argument of views.open/update/push/publish, including its blocks. */
export function validateView(view: unknown): string[] {
  const checker = new Checker();
  if (!isObject(view)) {
    checker.add(`must be an object ${at('/view')}`);
    return checker.errors;
  }
  if (view.type !== 'modal' && view.type !== 'home') {
    checker.add(`must be one of modal, home ${at('/view/type')}`);
    return checker.errors;
  }
  if (view.type === 'modal') {
    checker.textObject(view.title, LIMITS.viewTitle, '/view/title', true);
    checker.textObject(view.submit, LIMITS.viewButton, '/view/submit', false);
    checker.textObject(view.close, LIMITS.viewButton, '/view/close', false);
  }
  checker.maxString(view.callback_id, LIMITS.id, '/view/callback_id');
  checker.maxString(view.external_id, LIMITS.id, '/view/external_id');
  checker.maxString(view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  checker.blocks(view.type, view.blocks ?? [], '/view/blocks');
  return checker.errors;
}

/**
 * Checks the block-bearing parts of a chat.postMessage / update / postEphemeral request:
 * top level blocks and blocks nested in legacy attachments. Message text length has its
 * own error code (`msg_too_long`), so it is not reported here.
 */
export function validateMessageBlocks(args: { blocks?: unknown; attachments?: unknown }): string[] {
  const errors: string[] = [];
  if (args.blocks !== undefined) errors.push(...validateBlocks('message', args.blocks));
  if (Array.isArray(args.attachments)) {
    args.attachments.forEach((attachment, i) => {
      if (isObject(attachment) && attachment.blocks !== undefined) {
        errors.push(...validateBlocks('message', attachment.blocks, `/attachments/${i}/blocks`));
      }
    });
  }
  return errors;
}
