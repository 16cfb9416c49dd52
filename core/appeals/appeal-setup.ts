import { compileAppealDetector, type AppealDetector } from './appeal-detector.ts';
import { OTHER_TOPIC } from './appeal-detection.ts';
import { parseAppealRouting, type AppealRouting } from './routing.ts';
import { parseWorkCalendar, type WorkCalendar } from './work-calendar.ts';

export interface AdminFile {
  /** Name shown in errors. */
  readonly file: string;
  readonly source: string;
}

/** Everything appeal handling needs from the admin files, compiled and cross-checked. */
export interface AppealSetup {
  readonly detector: AppealDetector;
  readonly calendar: WorkCalendar;
  readonly routing: AppealRouting;
}

/**
 * Compiles the topics file, the production calendar and the routing file together: routes must name
 * topics the topics file knows (or `other`). Pure: the caller reads the files.
 *
 * @throws {RuleFileError} with file, line and field of the first problem.
 */
export function compileAppealSetup(files: {
  readonly topics: AdminFile;
  readonly routing: AdminFile;
  readonly calendar: AdminFile;
}): AppealSetup {
  const detector = compileAppealDetector(files.topics.file, files.topics.source);
  const calendar = parseWorkCalendar(files.calendar.file, files.calendar.source);
  const topics = [...new Set([...detector.topics.map((t) => t.id), OTHER_TOPIC])];
  const routing = parseAppealRouting(files.routing.file, files.routing.source, calendar, topics);
  return Object.freeze({ detector, calendar, routing });
}
