using Studio.Runtime.Hosting;
using Studio.Web;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddStudioRuntime();
builder.AddStudioWeb();

var app = builder.Build();
app.MapStudioRuntime();
app.MapStudioWeb();
app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
