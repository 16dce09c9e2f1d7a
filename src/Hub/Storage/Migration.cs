namespace Hub.Storage;

/// <summary>One versioned schema step. Versions start at 1 and grow by one; a released step is never edited.</summary>
/// <param name="Version">The schema version this step brings the store to.</param>
/// <param name="Name">A short description, kept in the store's migration history.</param>
/// <param name="Sql">The statements to run, in one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql);
