/**
 * Dates and times from the runbook: when each cadence is due ({@link dev.maint.schedule.Schedule}),
 * whether it is due, overdue or done on a date, when maintenance windows are open ({@link
 * dev.maint.schedule.Windows}) and emergency deadlines ({@link dev.maint.schedule.Deadline}). Pure
 * functions over {@code java.time}: nothing here reads a clock, a file or git, and nothing prints.
 * Public methods never return null; absent values are {@link java.util.Optional} or empty lists.
 */
package dev.maint.schedule;
