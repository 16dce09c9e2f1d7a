using System.Reflection;
using Hub.Adapters;
using Hub.Adapters.Sql;

// The adapter host: `hub-adapter --config adapter.json [--Adapter:Key=value ...]`.
// Adapter:Mapping names a YAML mapping for the generic SQL adapter; Adapter:Plugin a code plugin type.
try
{
    var builder = AdapterHost.CreateBuilder(args);
    var configuration = builder.Configuration;
    var mapping = configuration["Adapter:Mapping"] ?? "";
    var plugin = configuration["Adapter:Plugin"] ?? "";
    if (mapping.Length > 0 == plugin.Length > 0)
        throw new AdapterConfigurationException("set exactly one of Adapter:Mapping (a SQL mapping file) and Adapter:Plugin (a plugin type)");
    // Read the mapping now, so a mistake in it stops the host before anything starts.
    IDepartmentAdapter adapter = mapping.Length > 0 ? SqlAdapter.FromConfiguration(configuration) : LoadPlugin(configuration, plugin);
    var app = AdapterHost.Build(builder, _ => adapter);
    await app.RunAsync();
    return 0;
}
catch (AdapterConfigurationException e)
{
    Console.Error.WriteLine($"hub-adapter: {e.Message}");
    return 2;
}

static IDepartmentAdapter LoadPlugin(IConfiguration configuration, string typeName)
{
    var assemblyPath = configuration["Adapter:PluginAssembly"] ?? "";
    var type = assemblyPath.Length > 0
        ? Assembly.LoadFrom(AdapterHost.Resolve(configuration, assemblyPath)).GetType(typeName.Split(',')[0].Trim())
        : Type.GetType(typeName);
    if (type is null || !typeof(IDepartmentAdapter).IsAssignableFrom(type))
        throw new AdapterConfigurationException($"Adapter:Plugin '{typeName}' is not a type implementing IDepartmentAdapter");
    // A plugin takes the host's configuration (its own settings live under Adapter:Settings).
    return (IDepartmentAdapter)(Activator.CreateInstance(type, configuration)
        ?? throw new AdapterConfigurationException($"Adapter:Plugin '{typeName}' could not be created"));
}
