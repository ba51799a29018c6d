using MlNetSer.Platform;

namespace MlNetSer.Tests.Export;

/// <summary>
/// A fact that runs a program with Node.js; reported as skipped, with the reason, where <c>node</c> and <c>npm</c> are not on
/// PATH (<c>.ci/run</c> installs them: <c>apt-get install nodejs npm</c>).
/// </summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (ExecutableLocator.Search("node", Environment.GetEnvironmentVariable("PATH")) is null || ExecutableLocator.Search("npm", Environment.GetEnvironmentVariable("PATH")) is null)
            Skip = "Node.js (node and npm) is not on PATH; install it (apt-get install nodejs npm) to run the JavaScript portability test.";
    }
}
