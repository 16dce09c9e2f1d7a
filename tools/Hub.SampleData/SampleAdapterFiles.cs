namespace Hub.SampleData;

/// <summary>The sample adapters' configuration and mapping files (src/Adapters/samples), shipped beside this tool.</summary>
public static class SampleAdapterFiles
{
    /// <summary>Where the files are, beside the tool's assembly.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "adapter-samples");

    /// <summary>The social-security mapping for MySQL/MariaDB (connection from SOCIAL_SECURITY_MYSQL); not copied by <see cref="Copy"/>.</summary>
    public const string MySqlMapping = "social-security.mysql.yaml";

    /// <summary>
    /// Copies the files into <paramref name="folder"/>, next to the databases they read. Without PostgreSQL,
    /// the social-security mapping is the SQLite variant.
    /// </summary>
    public static void Copy(string folder, bool postgres)
    {
        foreach (var file in Directory.GetFiles(Folder))
        {
            var name = Path.GetFileName(file);
            // The MySQL variant is for deployments (and the tests) that keep social security on MySQL/MariaDB.
            if (name == MySqlMapping)
                continue;
            if (name == "social-security.sqlite.yaml")
            {
                if (!postgres)
                    File.Copy(file, Path.Combine(folder, "social-security.yaml"), overwrite: true);
                continue;
            }
            if (name == "social-security.yaml" && !postgres)
                continue;
            File.Copy(file, Path.Combine(folder, name), overwrite: true);
        }
    }
}
