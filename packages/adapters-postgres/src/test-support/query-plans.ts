/**
 * Reading `EXPLAIN (ANALYZE, FORMAT JSON)` plans: which nodes touch a table, how, through
 * which index, and how many of its rows they read.
 */

/** One node of a JSON plan (the fields used here). */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
}

/** What a plan does with one table. */
export interface TableAccess {
  /** Node types of every node in the plan, outermost first. */
  readonly nodes: readonly string[];
  /** Scan node types on the table (`Index Scan`, `Bitmap Heap Scan`, `Seq Scan`...). */
  readonly scans: readonly string[];
  /** Indexes of the table the plan reads (index scans and bitmap index scans). */
  readonly indexes: readonly string[];
  /** Rows of the table the scans produced or filtered away: what the plan had to read. */
  readonly rowsRead: number;
  /** Whether the plan sorts (a Sort or Incremental Sort node). */
  readonly sorts: boolean;
}

/** Collects what a plan does with `table` (its unqualified name). */
export function tableAccess(root: PlanNode, table: string, tableIndexes: ReadonlySet<string>): TableAccess {
  const nodes: string[] = [];
  const scans: string[] = [];
  const indexes: string[] = [];
  let rowsRead = 0;
  const visit = (node: PlanNode) => {
    const type = node['Node Type'];
    nodes.push(type);
    const index = node['Index Name'];
    if (index !== undefined && tableIndexes.has(index)) indexes.push(index);
    if (node['Relation Name'] === table) {
      scans.push(type);
      rowsRead +=
        (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1) +
        (node['Rows Removed by Filter'] ?? 0) +
        (node['Rows Removed by Index Recheck'] ?? 0);
    }
    for (const child of node.Plans ?? []) visit(child);
  };
  visit(root);
  return {
    nodes,
    scans,
    indexes: [...new Set(indexes)],
    rowsRead,
    sorts: nodes.some((type) => type === 'Sort' || type === 'Incremental Sort'),
  };
}
