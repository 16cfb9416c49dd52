import { loadModelAssets } from '../../config/model-assets.ts';
import { loadRuleSet } from '../../config/rules-loader.ts';
import type { RuleSet } from '../../core/rules/rule.ts';

/** The daemon's rule set, loaded the way the daemon loads it (rules folder + models folder). */
export async function loadDaemonRules(rulesDir = 'rules', modelsDir = 'models'): Promise<RuleSet> {
  return loadRuleSet(rulesDir, await loadModelAssets(modelsDir));
}
