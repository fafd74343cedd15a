package org.tryvoha.tools;

import picocli.CommandLine;

/** Main class of target/tryvoha-tools.jar, which finds the server's classes in target/tryvoha.jar beside it. */
public final class ToolsMain {
    private ToolsMain() {}

    public static void main(String[] args) {
        CommandLine cl = ToolsCommand.commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }
}
