/**
 * The out-of-band edits the console offers, each as the REST API command it runs. An edit builds the
 * command's request body, checks its JSON types with the same schema the API plane uses
 * (http/schemas.ts) and runs the command from the model's table ({@link COMMANDS}): the same rules,
 * the same ErrorCodes, and the change committed and journaled like any API call. Never a direct
 * change of state.
 */

import { compileCheck, REQUEST_SCHEMAS } from "../http/schemas";
import { COMMANDS, type Command, type ImModel } from "../model/index";
import { ConsoleError } from "./errors";

/** The group service every edit belongs to. */
const SERVICE = "group_open_http_svc";

/** One edit: the fields the console sends and the IM request they become. */
interface EditDefinition {
  /** The IM command it runs. */
  command: string;
  /** The required fields of the console's request body. */
  fields: readonly string[];
  /** Fields that may be sent; at least one of them must be (an edit that changes nothing is refused). */
  optional?: readonly string[];
  /** The IM request body built from the fields sent (their JSON types are checked afterwards). */
  request(fields: Record<string, unknown>): object;
}

/**
 * The member fields one member edit may change, each as modify_group_member_info names it
 * (docs/api-reference.md §7.7): role, message flag, name card, custom data (an empty Value deletes
 * the key, §7.1) and mute (`MuteTime` seconds from now; 0 unmutes; 4294967295 for ever, §7.12).
 * One command for all of them, so a member edit is applied whole or refused whole.
 */
const MEMBER_EDIT_FIELDS = ["Role", "MsgFlag", "NameCard", "AppMemberDefinedData", "MuteTime"] as const;

/** Every edit by the name in its URL (`POST /console/api/edit/<name>`). */
const DEFINITIONS: ReadonlyMap<string, EditDefinition> = new Map<string, EditDefinition>([
  [
    "rename",
    {
      command: "modify_group_base_info",
      fields: ["GroupId", "Name"],
      request: ({ GroupId, Name }) => ({ GroupId, Name }),
    },
  ],
  [
    "notification",
    {
      command: "modify_group_base_info",
      fields: ["GroupId", "Notification"],
      request: ({ GroupId, Notification }) => ({ GroupId, Notification }),
    },
  ],
  [
    "add-member",
    {
      command: "add_group_member",
      fields: ["GroupId", "Member_Account"],
      request: ({ GroupId, Member_Account }) => ({ GroupId, MemberList: [{ Member_Account }] }),
    },
  ],
  [
    "remove-member",
    {
      command: "delete_group_member",
      fields: ["GroupId", "Member_Account"],
      request: ({ GroupId, Member_Account }) => ({ GroupId, MemberToDel_Account: [Member_Account] }),
    },
  ],
  [
    "member",
    {
      command: "modify_group_member_info",
      fields: ["GroupId", "Member_Account"],
      optional: MEMBER_EDIT_FIELDS,
      request: (fields) => fields,
    },
  ],
  ["destroy", { command: "destroy_group", fields: ["GroupId"], request: ({ GroupId }) => ({ GroupId }) }],
]);

/** An edit ready to run: the request it sends and how it is checked and run. */
export interface PreparedEdit {
  /** `group_open_http_svc/<command>`, as the recent calls name it. */
  key: string;
  /** The IM request body. */
  request: object;
  /** The REST API's JSON-type check of that body (throws ApiRefusal). */
  check: (body: unknown) => void;
  /** The model's command. */
  run: Command;
}

/** The edits, compiled once: their schemas and commands. */
export class Edits {
  private readonly checks = new Map<string, (body: unknown) => void>();

  constructor() {
    for (const { command } of DEFINITIONS.values()) {
      if (!this.checks.has(command))
        this.checks.set(command, compileCheck(REQUEST_SCHEMAS[SERVICE][command], 10004));
    }
  }

  /** The edit's names, for error messages and documentation. */
  static names(): string[] {
    return [...DEFINITIONS.keys()];
  }

  /** Turns a console request into the IM request it stands for; 404 for an unknown edit, 400 for bad fields. */
  prepare(name: string, body: unknown): PreparedEdit {
    const definition = DEFINITIONS.get(name);
    if (!definition) {
      throw new ConsoleError(
        404,
        `no console edit ${JSON.stringify(name)}; edits: ${Edits.names().join(", ")}`,
      );
    }
    const optional = definition.optional ?? [];
    const takes = [...definition.fields, ...optional.map((field) => `${field}?`)].join(", ");
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      throw new ConsoleError(400, `body: expected a JSON object with ${takes}`);
    }
    const fields = body as Record<string, unknown>;
    for (const field of definition.fields) {
      if (!Object.hasOwn(fields, field)) throw new ConsoleError(400, `${field}: required field is missing`);
    }
    const unknown = Object.keys(fields).find(
      (field) => !definition.fields.includes(field) && !optional.includes(field),
    );
    if (unknown !== undefined) {
      throw new ConsoleError(400, `${JSON.stringify(unknown)}: unknown field (${name} takes ${takes})`);
    }
    if (optional.length > 0 && !optional.some((field) => Object.hasOwn(fields, field))) {
      throw new ConsoleError(
        400,
        `body: ${name} changes nothing; give at least one of ${optional.join(", ")}`,
      );
    }
    return {
      key: `${SERVICE}/${definition.command}`,
      request: definition.request(fields),
      check: this.checks.get(definition.command)!,
      run: COMMANDS[SERVICE][definition.command],
    };
  }
}

/**
 * Runs a prepared edit through the model, then makes it durable (the journal write happens in
 * `commit`; `flush` waits for an fsync in that mode) before the caller answers. Throws the model's
 * ApiRefusal (the REST API's code and text) unchanged.
 */
export async function applyEdit(
  model: ImModel,
  flush: () => Promise<void>,
  edit: PreparedEdit,
): Promise<object> {
  edit.check(edit.request);
  const commits = model.commits;
  const result = model.execute(edit.run, edit.request);
  if (model.commits !== commits) await flush();
  return result;
}
