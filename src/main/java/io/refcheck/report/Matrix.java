package io.refcheck.report;

import io.refcheck.catalog.Family;
import io.refcheck.check.CheckResult;
import io.refcheck.check.Status;
import io.refcheck.report.Order.Column;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ids × engine columns view of the rows, shared by the Markdown and HTML renderers. A cell
 * holds every row of one id on one column; its status is the worst of them: fail if any row
 * failed, else pass if any passed, else unavailable if any was, else not-applicable. An id an
 * engine does not cover at all shows as not-applicable (never as passed).
 */
public final class Matrix {

    /** The rows of one id on one column, and their combined status. */
    public record Cell(Status status, List<CheckResult> rows) {
        public int count(Status s) {
            return (int) rows.stream().filter(r -> r.status() == s).count();
        }

        /** "7 pass, 1 fail" — the counts behind the status, for a tooltip. */
        public String counts() {
            List<String> parts = new ArrayList<>();
            for (Status s : Status.values()) {
                int n = count(s);
                if (n > 0) {
                    parts.add(n + " " + s);
                }
            }
            return parts.isEmpty() ? "no checks" : String.join(", ", parts);
        }
    }

    /** One family's ids, in catalog order. */
    public record Group(String family, String title, List<String> ids) {
    }

    private final List<Column> columns;
    private final List<Group> groups;
    private final Map<String, Map<Column, Cell>> cells;

    private Matrix(List<Column> columns, List<Group> groups, Map<String, Map<Column, Cell>> cells) {
        this.columns = columns;
        this.groups = groups;
        this.cells = cells;
    }

    public static Matrix of(List<CheckResult> rows) {
        TreeSet<Column> columnSet = new TreeSet<>(Order.COLUMN);
        TreeSet<String> idSet = new TreeSet<>(Order.ID);
        Map<String, String> familyOf = new LinkedHashMap<>();
        for (CheckResult r : rows) {
            columnSet.add(Column.of(r));
            idSet.add(r.id());
            familyOf.putIfAbsent(r.id(), r.family());
        }
        List<Column> columns = List.copyOf(columnSet);
        Map<String, Map<Column, Cell>> cells = new LinkedHashMap<>();
        for (String id : idSet) {
            Map<Column, Cell> byColumn = new LinkedHashMap<>();
            for (Column c : columns) {
                List<CheckResult> in = rows.stream().filter(r -> r.id().equals(id) && c.matches(r)).toList();
                byColumn.put(c, new Cell(combined(in), in));
            }
            cells.put(id, byColumn);
        }
        return new Matrix(columns, groups(idSet, familyOf), cells);
    }

    private static List<Group> groups(TreeSet<String> ids, Map<String, String> familyOf) {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (Family f : Family.values()) {
            byFamily.put(f.key(), new ArrayList<>());
        }
        for (String id : ids) {
            byFamily.computeIfAbsent(familyOf.get(id), k -> new ArrayList<>()).add(id);
        }
        List<Group> groups = new ArrayList<>();
        byFamily.forEach((key, list) -> {
            if (!list.isEmpty()) {
                groups.add(new Group(key, title(key), List.copyOf(list)));
            }
        });
        return groups;
    }

    /** "A. Activations" for a catalog family, the key itself otherwise. */
    static String title(String familyKey) {
        for (Family f : Family.values()) {
            if (f.key().equals(familyKey)) {
                return f.section() + ". " + f.title();
            }
        }
        return familyKey;
    }

    /** The combined status of some rows (see the class comment). */
    public static Status combined(List<CheckResult> rows) {
        if (rows.stream().anyMatch(CheckResult::failed)) {
            return Status.FAIL;
        }
        for (Status s : List.of(Status.PASS, Status.UNAVAILABLE)) {
            if (rows.stream().anyMatch(r -> r.status() == s)) {
                return s;
            }
        }
        return Status.NOT_APPLICABLE;
    }

    public List<Column> columns() {
        return columns;
    }

    public List<Group> groups() {
        return groups;
    }

    public Cell cell(String id, Column column) {
        return cells.get(id).get(column);
    }

    /** The combined status of one id over every column. */
    public Status status(String id) {
        return combined(cells.get(id).values().stream().flatMap(c -> c.rows().stream()).toList());
    }
}
