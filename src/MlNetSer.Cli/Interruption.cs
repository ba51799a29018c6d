using System.Runtime.InteropServices;
using MlNetSer.IO;

namespace MlNetSer.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM: the partial files the run is writing (<see cref="TemporaryFiles"/>) are deleted, one
/// line says so, and the process exits with 130 or 143 (128 + the signal's number, as shells report it). Without this
/// the runtime would end the process on the spot and leave every <c>.tmp</c> file behind.
/// </summary>
internal static class Interruption
{
    /// <summary>Handles both signals until the returned object is disposed.</summary>
    public static IDisposable Install(TextWriter error)
    {
        // A writer that registers a file after the handler ran still gets it deleted on the way out.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TemporaryFiles.DeleteAll();
        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(context, error, "SIGINT")),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(context, error, "SIGTERM")),
        };
        return new Registrations(registrations);
    }

    private static void Stop(PosixSignalContext context, TextWriter error, string signal)
    {
        var deleted = TemporaryFiles.DeleteAll();
        error.WriteLine($"error: interrupted ({signal}); {deleted} partial file(s) removed, nothing half-written is left");
        // Environment.Exit inside a signal handler waits for the handler thread itself; leaving Cancel false lets the
        // runtime end the process the default way, which a shell reports as 128 + the signal's number (130, 143).
        context.Cancel = false;
    }

    private sealed class Registrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
                registration.Dispose();
        }
    }
}
