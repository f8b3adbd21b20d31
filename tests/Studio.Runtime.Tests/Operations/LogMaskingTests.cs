using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Studio.Runtime.Operations;

namespace Studio.Runtime.Tests.Operations;

/// <summary>No phone number reaches a log line: events with numbers everywhere go through the host's Serilog setup.</summary>
public sealed class LogMaskingTests
{
    private sealed class TextWriterSink(ITextFormatter formatter, TextWriter writer) : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
            lock (writer)
            {
                formatter.Format(logEvent, writer);
            }
        }
    }

    private sealed record Caller(string Name, string Phone, long Backup);

    private static string Log(string format, Action<Microsoft.Extensions.Logging.ILogger> write)
    {
        var writer = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Studio:Logging:Format"] = format,
            ["Logging:LogLevel:Default"] = "Debug",
        }).Build();
        using (var serilog = StudioLogging.Configure(new LoggerConfiguration(), configuration, (w, f) => w.Sink(new TextWriterSink(f, writer))).CreateLogger())
        using (var factory = new SerilogLoggerFactory(serilog))
        {
            write(factory.CreateLogger("Studio.Runtime.Tests"));
        }
        return writer.ToString();
    }

    private static readonly string[] Numbers = ["13812345678", "15900001111", "18622223333", "13344445555", "13566667777", "17788889999", "13900008888"];

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public void Numbers_in_templates_properties_objects_and_exceptions_are_masked(string format)
    {
        var output = Log(format, logger =>
        {
#pragma warning disable CA2254, CA1848, CA1873 // the point is to log what careless code would log
            logger.LogInformation("member said 我的手机是13812345678 and order {Amount} at {At}", 5000, new DateTimeOffset(2026, 11, 11, 20, 0, 0, TimeSpan.FromHours(8)));
            logger.LogWarning("callback to {Phone} failed ({Spaced}, {Dashed})", "+86 159 0000 1111", "186 2222 3333", "86-133-4444-5555");
            logger.LogInformation("caller {@Caller} numbers {Numbers}", new Caller("张三", "13566667777", 17788889999L), new[] { "13900008888", "0755-26660000" });
            logger.LogError(new InvalidOperationException("could not dial 13812345678"), "dial failed for order {OrderId}", "SO-20261111-0001");
            using (logger.BeginScope(new Dictionary<string, object> { ["Member"] = "15900001111" }))
            {
                logger.LogInformation("inside a scope");
            }
#pragma warning restore CA2254, CA1848, CA1873
        });
        foreach (var number in Numbers)
        {
            Assert.DoesNotContain(number, output, StringComparison.Ordinal);
            Assert.DoesNotContain(number[3..], output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("0000 1111", output, StringComparison.Ordinal);
        Assert.DoesNotContain("4444-5555", output, StringComparison.Ordinal);
        Assert.Contains("138****5678", output, StringComparison.Ordinal);
        // What is not a mobile number stays readable: amounts, times, order ids, a landline.
        Assert.Contains("5000", output, StringComparison.Ordinal);
        Assert.Contains("2026-11-11", output, StringComparison.Ordinal);
        Assert.Contains("SO-20261111-0001", output, StringComparison.Ordinal);
        Assert.Contains("0755-26660000", output, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException", output, StringComparison.Ordinal);
        Assert.Equal(5, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("Studio.Runtime.Tests", StringComparison.Ordinal) || l.StartsWith('{')));
    }

    private sealed class CaptureProvider : ILoggerProvider
    {
        public List<string> Lines { get; } = [];

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Capture(this);

        public void Dispose()
        {
        }

        private sealed class Capture(CaptureProvider owner) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add(formatter(state, exception) + " " + string.Join(";", (state as IEnumerable<KeyValuePair<string, object?>> ?? []).Select(p => $"{p.Key}={p.Value}")));
                }
            }
        }
    }

    [Fact]
    public void In_the_host_other_logger_providers_get_the_events_masked_through_serilog()
    {
        var capture = new CaptureProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:Logging:Format"] = "json" }).Build();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services, b => b.AddConsole().AddProvider(capture));
        services.AddStudioLogging(configuration);
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ILoggerFactory>(provider);
        Assert.IsType<SerilogLoggerFactory>(factory);
#pragma warning disable CA1848, CA1873
        factory.CreateLogger("Studio.Runtime.Conversations").LogInformation("transfer for {Phone} asked by 13912345678", "15800001111");
#pragma warning restore CA1848, CA1873
        var line = Assert.Single(capture.Lines);
        Assert.Contains("158****1111", line, StringComparison.Ordinal);
        Assert.Contains("139****5678", line, StringComparison.Ordinal);
        Assert.DoesNotContain("15800001111", line, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Levels_come_from_the_standard_logging_section()
    {
        var writer = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Studio.Chatty"] = "Debug",
        }).Build();
        using (var serilog = StudioLogging.Configure(new LoggerConfiguration(), configuration, (w, f) => w.Sink(new TextWriterSink(f, writer))).CreateLogger())
        using (var factory = new SerilogLoggerFactory(serilog))
        {
#pragma warning disable CA1848
            factory.CreateLogger("Studio.Quiet").LogInformation("hidden");
            factory.CreateLogger("Studio.Chatty").LogDebug("shown");
#pragma warning restore CA1848
        }
        Assert.DoesNotContain("hidden", writer.ToString(), StringComparison.Ordinal);
        Assert.Contains("shown", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_is_refused_with_the_setting_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Studio:Logging:Format"] = "xml" }).Build();
        var ex = Assert.Throws<ArgumentException>(() => StudioLogging.Configure(new LoggerConfiguration(), configuration));
        Assert.Contains("Studio:Logging:Format", ex.Message, StringComparison.Ordinal);
    }
}
