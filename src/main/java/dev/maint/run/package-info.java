/**
 * A run: one walk of a cadence, an emergency response or a rollback, from the resolved plan to the
 * record. {@link dev.maint.run.Run} owns what the run is (its session, cycle, mode, deadline and
 * recording) and gives the report and the record as projections of itself; the commands in {@code
 * cli} only build a {@link dev.maint.run.RunPlan}, hand it a prompter and a listener, and render
 * what comes back. Depends on {@code exec}, {@code record}, {@code report} and {@code log}; never
 * prints and knows nothing of jline or picocli.
 */
package dev.maint.run;
