/// Which identity columns a table for people can leave out for a dataset: the ones that would only
/// repeat each expert's id or be blank on every row. A published shared-patient file names nobody —
/// each expert's name is its NPI, with no institution, region or specialty — so a `name` column
/// would repeat the `id` beside it and the others would read `(none)` or nothing on every line.
///
/// Tables only: CSV and JSON keep every column, so that a script reads the same columns from every
/// dataset.
public enum BlankColumns {
    /// Column names (in the spellings the views use) that carry nothing for `d`.
    ///
    /// - Complexity: O(experts).
    public static func of(_ d: Dataset) -> Set<String> {
        var named = false, placed = false, regioned = false, specialised = false
        for e in d.experts {
            if !named && e.hasOwnName { named = true }
            if !placed && !e.institution.isEmpty { placed = true }
            if !regioned && !e.region.isEmpty { regioned = true }
            if !specialised && !e.specialty.isEmpty { specialised = true }
            if named && placed && regioned && specialised { break }
        }
        var blank: Set<String> = []
        if !named { blank.insert("name") }
        if !placed { blank.formUnion(["institution", "institutions"]) }
        if !regioned { blank.formUnion(["region", "regions"]) }
        if !specialised { blank.insert("specialty") }
        return blank
    }
}
