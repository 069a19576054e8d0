namespace Relink.Storage.Postgres.Schema;

/// <summary>One step of the schema: applied once, in its own transaction with its row in <c>relink_schema_versions</c>.</summary>
/// <param name="Version">1, 2, 3 … with no gaps.</param>
/// <param name="Description">What the step changes, for the version table, errors and reviewers.</param>
/// <param name="Sql">The statements. No IF NOT EXISTS: a step that ran twice must fail loudly.</param>
internal sealed record Migration(int Version, string Description, string Sql);
