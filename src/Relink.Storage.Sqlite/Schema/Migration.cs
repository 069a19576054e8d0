namespace Relink.Storage.Sqlite.Schema;

/// <summary>One step of the schema: applied once, in its own transaction, when <c>PRAGMA user_version</c> is below <paramref name="Version"/>.</summary>
/// <param name="Version">1, 2, 3 … with no gaps; the database's user_version after this step.</param>
/// <param name="Description">What the step changes, for errors and reviewers.</param>
/// <param name="Sql">The statements. No IF NOT EXISTS: a step that ran twice must fail loudly.</param>
internal sealed record Migration(int Version, string Description, string Sql);
