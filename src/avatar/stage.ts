/** The avatars' stage: background, fog, lights and a floor. */
import {
  CircleGeometry,
  Color,
  DirectionalLight,
  Fog,
  Group,
  HemisphereLight,
  Mesh,
  MeshStandardMaterial,
  type ColorRepresentation,
  type Material,
  type WebGLProgramParametersWithUniforms,
  type Scene,
} from 'three';

/** Options of {@link createStage}. */
export interface StageOptions {
  /** Background colour, or null for a transparent canvas (the page shows through). Default `#1b2029`. */
  background: ColorRepresentation | null;
  /** Whether the key light casts avatar shadows onto the floor. Default true. */
  shadows: boolean;
}

/** The defaults documented on {@link StageOptions}. */
export const DEFAULT_STAGE_OPTIONS: Readonly<StageOptions> = Object.freeze({ background: '#1b2029', shadows: true });

/**
 * Floor disc radius: beyond the fog's far distance, so the floor fades into the background instead of
 * ending in a visible edge (and far beyond the layout's stage, ±1.8 m × −3…1.2 m).
 */
const FLOOR_RADIUS_M = 24;
/** Floor colour: a little lighter than the default background, so the ground reads as a surface. */
const FLOOR_COLOR = '#2a313d';
/** Grid drawn into the floor's shader: 0.5 m cells, faint lines that give depth cues without competing with avatars. */
const GRID_CELL_M = 0.5;
const GRID_COLOR = '#4b5569';
/** Blend of grid lines over the floor; the lines through the origin are a little stronger (stage centre). */
const GRID_OPACITY = 0.45;
const GRID_AXIS_OPACITY = 0.8;
/** Fog from the back of the stage to the floor's edge, so the floor fades into the background. */
const FOG_NEAR_M = 8;
const FOG_FAR_M = 18;
/** Sky/ground ambient: MToon uses it as its global illumination, so shade sides are not black. */
const HEMI_SKY = '#f2f5ff';
const HEMI_GROUND = '#4a4238';
const HEMI_INTENSITY = 1.3;
/** Key light from front-left-above, at an angle that shades faces gently and drops shadows behind-right. */
const KEY_COLOR = '#ffffff';
const KEY_INTENSITY = 2.2;
const KEY_POSITION = [-2, 4.5, 3.5] as const;
/** Shadow camera bounds (m) covering the stage, and a map size that keeps them soft-edged but cheap. */
const SHADOW_EXTENT_M = 5;
const SHADOW_MAP_SIZE = 1024;
/** Bias values that avoid shadow acne on the floor for a map of this size and extent. */
const SHADOW_BIAS = -0.0005;
const SHADOW_NORMAL_BIAS = 0.02;

/** The stage's objects, added to the scene. */
export interface Stage {
  readonly hemisphere: HemisphereLight;
  readonly key: DirectionalLight;
  readonly floor: Group;
  dispose(): void;
}

/** Adds background, fog, lights and floor to `scene`. */
export function createStage(scene: Scene, options: Partial<StageOptions> = {}): Stage {
  const o: StageOptions = {
    background: options.background === undefined ? DEFAULT_STAGE_OPTIONS.background : options.background,
    shadows: options.shadows ?? DEFAULT_STAGE_OPTIONS.shadows,
  };
  if (o.background !== null) {
    const bg = new Color(o.background);
    scene.background = bg;
    scene.fog = new Fog(bg, FOG_NEAR_M, FOG_FAR_M);
  }

  const hemisphere = new HemisphereLight(HEMI_SKY, HEMI_GROUND, HEMI_INTENSITY);
  hemisphere.name = 'stage-hemisphere';
  scene.add(hemisphere);

  const key = new DirectionalLight(KEY_COLOR, KEY_INTENSITY);
  key.name = 'stage-key-light';
  key.position.set(...KEY_POSITION);
  key.target.position.set(0, 0.8, 0);
  key.castShadow = o.shadows;
  const cam = key.shadow.camera;
  cam.left = -SHADOW_EXTENT_M;
  cam.right = SHADOW_EXTENT_M;
  cam.top = SHADOW_EXTENT_M;
  cam.bottom = -SHADOW_EXTENT_M;
  cam.near = 0.5;
  cam.far = 20;
  key.shadow.mapSize.set(SHADOW_MAP_SIZE, SHADOW_MAP_SIZE);
  key.shadow.bias = SHADOW_BIAS;
  key.shadow.normalBias = SHADOW_NORMAL_BIAS;
  scene.add(key, key.target);

  const floor = new Group();
  floor.name = 'stage-floor';
  const floorMaterial = new MeshStandardMaterial({ color: FLOOR_COLOR, roughness: 0.95, metalness: 0 });
  addGrid(floorMaterial);
  const disc = new Mesh(new CircleGeometry(FLOOR_RADIUS_M, 96), floorMaterial);
  disc.rotation.x = -Math.PI / 2;
  disc.receiveShadow = o.shadows;
  floor.add(disc);
  scene.add(floor);

  return {
    hemisphere,
    key,
    floor,
    dispose() {
      scene.remove(hemisphere, key, key.target, floor);
      disc.geometry.dispose();
      (disc.material as Material).dispose();
      key.dispose();
      hemisphere.dispose();
    },
  };
}

/**
 * Draws a grid into a floor material's shader: anti-aliased lines from screen-space derivatives, faded
 * out where cells become smaller than a few pixels (far away, grazing angles). Unlike line geometry
 * (GridHelper), it cannot vanish when lines pass behind the camera (which some software renderers,
 * e.g. SwiftShader, get wrong) and does not shimmer in the distance.
 */
function addGrid(material: MeshStandardMaterial): void {
  material.onBeforeCompile = (shader: WebGLProgramParametersWithUniforms) => {
    shader.uniforms.gridCell = { value: GRID_CELL_M };
    shader.uniforms.gridColor = { value: new Color(GRID_COLOR) };
    shader.uniforms.gridOpacity = { value: GRID_OPACITY };
    shader.uniforms.gridAxisOpacity = { value: GRID_AXIS_OPACITY };
    shader.vertexShader = shader.vertexShader
      .replace('#include <common>', '#include <common>\nvarying vec2 vGridXZ;')
      .replace('#include <begin_vertex>', '#include <begin_vertex>\nvGridXZ = (modelMatrix * vec4(transformed, 1.0)).xz;');
    shader.fragmentShader = shader.fragmentShader
      .replace(
        '#include <common>',
        `#include <common>
varying vec2 vGridXZ;
uniform float gridCell;
uniform vec3 gridColor;
uniform float gridOpacity;
uniform float gridAxisOpacity;`,
      )
      .replace(
        '#include <color_fragment>',
        `#include <color_fragment>
{
  vec2 c = vGridXZ / gridCell;
  vec2 w = max(fwidth(c), vec2(1e-4));
  vec2 cellLine = abs(fract(c - 0.5) - 0.5) / w;
  vec2 axisLine = abs(c) / w;
  float cellAlpha = 1.0 - min(min(cellLine.x, cellLine.y), 1.0);
  float axisAlpha = 1.0 - min(min(axisLine.x, axisLine.y), 1.0);
  // Cells narrower than ~4 px turn into noise: fade the grid out there.
  float fade = 1.0 - smoothstep(0.12, 0.3, max(w.x, w.y));
  float a = max(cellAlpha * gridOpacity, axisAlpha * gridAxisOpacity) * fade;
  diffuseColor.rgb = mix(diffuseColor.rgb, gridColor, a);
}`,
      );
  };
  material.customProgramCacheKey = () => 'avatar-stage-floor-grid';
}
