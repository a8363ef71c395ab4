// The syntax tree built by grammar/session.peggy. Every node carries `range`
// ([start, end) in UTF-16 offsets); named nodes carry `nameRange` too.

export type Range = [number, number];

interface NodeBase {
  range: Range;
}

// ------------------------------------------------------------------ values

export interface NumberArg extends NodeBase {
  kind: "Number";
  /** The number as written (sign and decimals kept). */
  text: string;
  value: number;
  /** The unit as written after the number, if any ("dB", "kHz", "%"...). */
  unit?: string;
  unitRange?: Range;
}

/** A clock time: `1:04.5`, `0:04.250`, `1:02:03`. */
export interface ClockArg extends NodeBase {
  kind: "Clock";
  text: string;
  seconds: number;
}

/** `4/4`, `1/8`. */
export interface FractionArg extends NodeBase {
  kind: "Fraction";
  text: string;
  num: number;
  den: number;
}

export interface StringArg extends NodeBase {
  kind: "String";
  value: string;
  /** false when the closing quote is missing. */
  closed: boolean;
}

export interface WordArg extends NodeBase {
  kind: "Word";
  text: string;
}

export type Arg = NumberArg | ClockArg | FractionArg | StringArg | WordArg;

/** Unreadable text at the end of an otherwise readable line. */
export interface Rest {
  text: string;
  range: Range;
}

// ------------------------------------------------------------------ statements

export interface Comment extends NodeBase {
  kind: "Comment";
  /** The text after `#`. */
  text: string;
}

/** A line that could not be read at all (with the block it opened, if any). */
export interface Bad extends NodeBase {
  kind: "Bad";
  text: string;
  where: "top" | "block";
  /** A `}` with no block to close. */
  stray?: boolean;
  comment?: string;
}

/** `name value...`: gain, pan, an effect parameter, an EQ band, an automation point. */
export interface Setting extends NodeBase {
  kind: "Setting";
  /** Empty for a line that starts with a value (an automation point). */
  name: string;
  nameRange: Range;
  args: Arg[];
  rest?: Rest;
  comment?: string;
}

export interface Block extends NodeBase {
  kind: "Block";
  items: BlockItem[];
  /** false when the block's `}` is missing. */
  closed: boolean;
  comment?: string;
}

export interface Take extends NodeBase {
  kind: "Take";
  /** `take` plays; `alt` is an alternative kept in the session's history. */
  active: boolean;
  path: StringArg;
  body?: Block;
  rest?: Rest;
  comment?: string;
}

export interface Send extends NodeBase {
  kind: "Send";
  name: string;
  nameRange: Range;
  args: Arg[];
  rest?: Rest;
  comment?: string;
}

export interface Out extends NodeBase {
  kind: "Out";
  name: string;
  nameRange: Range;
  args: Arg[];
  rest?: Rest;
  comment?: string;
}

/** `input NAME` inside a track. */
export interface InputRef extends NodeBase {
  kind: "InputRef";
  name: string;
  nameRange: Range;
  args: Arg[];
  rest?: Rest;
  comment?: string;
}

export interface Automate extends NodeBase {
  kind: "Automate";
  target: Arg[];
  body: Block;
}

export interface Effect extends NodeBase {
  kind: "Effect";
  name: string;
  nameRange: Range;
  /** `fx "effects/tape.dsp" { ... }`: the Faust program, relative to the session file. */
  path?: StringArg;
  body: Block;
}

export type BlockItem = Comment | Bad | Setting | Take | Send | Out | InputRef | Automate | Effect;

// ------------------------------------------------------------------ top level

export interface SessionNode extends NodeBase {
  kind: "Session";
  title?: StringArg;
  body: Block;
}

export interface InputNode extends NodeBase {
  kind: "Input";
  name: string;
  nameRange: Range;
  body: Block;
}

export interface TrackNode extends NodeBase {
  kind: "Track";
  name: string;
  nameRange: Range;
  body: Block;
}

export interface BusNode extends NodeBase {
  kind: "Bus";
  name: string;
  nameRange: Range;
  body: Block;
}

export interface MasterNode extends NodeBase {
  kind: "Master";
  body: Block;
}

export type TopItem = Comment | Bad | SessionNode | InputNode | TrackNode | BusNode | MasterNode;

export interface FileNode extends NodeBase {
  kind: "File";
  items: TopItem[];
}

export type Strip = TrackNode | BusNode | MasterNode;
