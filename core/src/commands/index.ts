// Core's own commands, loaded through the same plugin mechanism as every command group.
import { definePlugin, PLUGIN_API_VERSION } from '../plugin/define-plugin.js';
import { getCoreVersion } from '../runtime/run.js';
import { AuthLoginCommand } from './auth/auth-login.js';
import { AuthLogoutCommand } from './auth/auth-logout.js';
import { AuthWhoamiCommand } from './auth/auth-whoami.js';
import { CompletionCommand } from './completion.js';
import { ConfigGetCommand } from './config/config-get.js';
import { ConfigListCommand } from './config/config-list.js';
import { ConfigPathCommand } from './config/config-path.js';
import { ConfigSetCommand } from './config/config-set.js';
import { ConfigUnsetCommand } from './config/config-unset.js';
import { PluginsInstallCommand } from './plugins/plugins-install.js';
import { PluginsLinkCommand } from './plugins/plugins-link.js';
import { PluginsListCommand } from './plugins/plugins-list.js';
import { PluginsNewCommand } from './plugins/plugins-new.js';
import { PluginsRemoveCommand } from './plugins/plugins-remove.js';
import { PluginsSearchCommand } from './plugins/plugins-search.js';
import { PluginsUpdateCommand } from './plugins/plugins-update.js';

export default definePlugin({
  name: '@scaivault/core',
  version: getCoreVersion(),
  apiVersion: PLUGIN_API_VERSION,
  commands: [
    ConfigSetCommand,
    ConfigGetCommand,
    ConfigListCommand,
    ConfigUnsetCommand,
    ConfigPathCommand,
    AuthLoginCommand,
    AuthWhoamiCommand,
    AuthLogoutCommand,
    PluginsListCommand,
    PluginsInstallCommand,
    PluginsRemoveCommand,
    PluginsLinkCommand,
    PluginsNewCommand,
    PluginsUpdateCommand,
    PluginsSearchCommand,
    CompletionCommand,
  ],
});
